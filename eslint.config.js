// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']",
          message: 'Return an exit code to src/cli/run.ts instead of calling process.exit.',
        },
      ],
    },
  },
  {
    // The executable, the build's stand-ins for parts of undici and dependency-cruiser's
    // configuration, the Windows tier's test-only preload and the --jq worker are CommonJS.
    files: ['bin/**/*.cjs', 'scripts/**/*.cjs', 'test/**/*.cjs', 'src/**/*.cjs', '.dependency-cruiser.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        __dirname: 'readonly',
        module: 'writable',
        WebAssembly: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['bin/**', 'scripts/**', 'bench/**', 'test/**', 'src/cli/run.ts', 'src/cli/process.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
