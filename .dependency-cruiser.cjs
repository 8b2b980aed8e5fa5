// The layers of src/ and the rules that keep them, checked by `npm run lint` (docs/architecture.md,
// "Layers"). From the top down; a layer imports only the layers under it:
//
//   src/cli entry      index.ts, run.ts, program.ts, process.ts, compile-cache.ts: argv to exit code
//   src/commands       the verbs; with src/cli's support modules (context, help, json-flags,
//                      json-output, prompter, and the command-tree machinery) that they use
//   src/delivery       a validated case to the portal exactly once, or into the outbox
//   src/input  src/state  src/config   what the user gives; what we keep on disk; settings
//   src/portal         the HTTP client and the contract's shapes (schemas.ts)
//   src/io             the process's I/O: streams, terminal, local files read bounded, V8 flags
//   src/domain         the rules, pure: no I/O
//   src/errors.ts      typed errors and exit codes
//   src/text           show-controls.ts: the one sanitizer of text from outside, pure (every layer uses it)
//
// src/render (text layouts) stands beside them: the domain, io and the contract's shapes in, text
// out, for the commands. src/sandbox (the local portal) stands beside them too: it implements the
// contract with the domain's rules and never imports a command or the client.
//
// Each rule below says what a layer may import: a list of what is allowed, so that a layer's import
// of a new folder fails until the folder is placed here (and so do the new folder's own imports). Type-only and dynamic imports count as
// imports: a type-only import ties two modules together as much as any other (tsPreCompilationDeps).
//

/** Paths as regular expressions. */
const errors = '^src/errors\\.ts$';
const text = '^src/text/';
const domain = '^src/domain/';
const io = '^src/io/';
const render = '^src/render/';
const portal = '^src/portal/';
const contract = '^src/portal/schemas\\.ts$';
const config = '^src/config/';
const state = '^src/state/';
const input = '^src/input/';
const delivery = '^src/delivery/';
const sandbox = '^src/sandbox/';
const commands = '^src/commands/';
const cliEntry = '^src/cli/(index|run|program|process|compile-cache)\\.ts$';
const cliSupport = '^src/cli/';

/** A rule that `layer` imports nothing in src/ but itself and `allowed`. */
function onlyImports(name, comment, layer, allowed) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: layer },
    to: { path: '^src/', pathNot: [layer, ...allowed] },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'Modules that import each other, directly or through others, type-only and dynamic imports included: ' +
        'neither can be read, tested or moved without the other. Move what both need into a module under them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    onlyImports(
      'errors-imports-nothing',
      'src/errors.ts is the bottom: every layer throws its errors, so it imports no module of ours.',
      errors,
      [],
    ),
    onlyImports(
      'text-imports-nothing',
      'src/text holds pure functions on strings that every layer uses (the sanitizer of text from outside): ' +
        'it imports no module of ours.',
      text,
      [],
    ),
    onlyImports(
      'domain-is-pure',
      'The domain holds the rules and does no I/O (it is given the date, the catalog, the answers): it imports ' +
        "only itself, src/errors.ts and, as types, the contract's shapes (src/portal/schemas.ts).",
      domain,
      [errors, contract],
    ),
    {
      name: 'domain-contract-as-types',
      comment:
        "The domain reads the portal's answers by their types (src/portal/schemas.ts) and never runs the " +
        'contract module: `import type`, so nothing of the portal loads with a rule.',
      severity: 'error',
      from: { path: domain },
      to: { path: contract, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-no-io-packages',
      comment:
        'The domain uses no Node module that does I/O and no package but zod and string-width (node:crypto ' +
        'hashes an idempotency key, node:util strips terminal controls to measure a width: no I/O). A rule that needs a file, the network or the clock is given ' +
        'what it needs by its caller.',
      severity: 'error',
      from: { path: domain },
      to: { pathNot: ['^src/', '^schemas/catalog\\.json$', '^node_modules/(zod|string-width)/', '^crypto$', '^util$'] },
    },
    onlyImports(
      'io-imports-only-domain',
      'src/io is the process: its streams, the terminal, local files read bounded, V8 flags. It knows no ' +
        'portal, command or layout: it imports only the domain (sizes) and src/errors.ts.',
      io,
      [domain, errors, text],
    ),
    onlyImports(
      'portal-imports-only-io-domain',
      'The HTTP client talks to the portal and knows nothing of settings, case files, drafts or the terminal: ' +
        'it imports src/io, the domain and src/errors.ts. What it needs from above is passed to it.',
      portal,
      [io, domain, errors, text],
    ),
    onlyImports(
      'config-imports-only-portal-io-domain',
      "Settings and credentials: checked with the portal's rules (src/portal/url.ts), stored with src/io.",
      config,
      [portal, io, domain, errors, text],
    ),
    onlyImports(
      'state-imports-only-config-portal-io-domain',
      'What we keep on disk (drafts, outbox, caches) is in the folders src/config names and holds portal ' +
        'answers read back through src/portal; it never imports input, delivery or a command.',
      state,
      [config, portal, io, domain, errors, text],
    ),
    onlyImports(
      'input-imports-only-io-domain',
      'Case files, batches, standard input and files to attach: read through src/io, checked by the domain.',
      input,
      [io, domain, errors, text],
    ),
    onlyImports(
      'delivery-imports-only-the-layers-under-it',
      'Delivery sends a validated case through the portal client, or keeps it in the outbox (src/state); ' +
        'it is called by commands and calls none.',
      delivery,
      [input, state, config, portal, io, domain, errors, text],
    ),
    onlyImports(
      'render-imports-only-domain-io-contract',
      "Text layouts take the domain's views and the contract's shapes and return text; they read no file " +
        'and ask no portal. Only commands and src/cli import them.',
      render,
      [contract, io, domain, errors, text],
    ),
    {
      name: 'render-contract-as-types',
      comment: "A layout reads the portal's answers by their types (src/portal/schemas.ts), never the module.",
      severity: 'error',
      from: { path: render },
      to: { path: contract, dependencyTypesNot: ['type-only'] },
    },
    onlyImports(
      'sandbox-imports-only-contract-config-io-domain',
      "The sandbox is a portal of its own: it implements the contract (src/portal/schemas.ts) with the domain's " +
        'rules, keeps its data in the folders src/config names, and never imports the client, a command ' +
        'or src/cli (a command starts it, not the other way round).',
      sandbox,
      [contract, config, io, domain, errors, text],
    ),
    {
      name: 'commands-not-to-the-cli-entry',
      comment:
        'A verb is declared by its noun and reached through the command tree; it never imports the entry ' +
        '(program.ts, run.ts, index.ts, process.ts, compile-cache.ts), which imports every noun.',
      severity: 'error',
      from: { path: commands },
      to: { path: cliEntry },
    },
    {
      name: 'cli-support-not-to-commands',
      comment:
        "src/cli's support modules (context, help, json-flags, json-output, prompter, the command tree) are " +
        'what the commands use: they import no command and not the entry.',
      severity: 'error',
      from: { path: cliSupport, pathNot: cliEntry },
      to: { path: [commands, cliEntry] },
    },
    {
      name: 'every-folder-placed',
      comment:
        'A module of src/ outside the folders placed above belongs to no layer, so no rule would check its ' +
        'imports: place its folder in a layer here first.',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: [
          errors,
          text,
          domain,
          io,
          render,
          portal,
          config,
          state,
          input,
          delivery,
          sandbox,
          commands,
          cliSupport,
        ],
      },
      to: {},
    },
    {
      name: 'src-not-to-tests-or-tools',
      comment: 'The product imports no test, script or benchmark: they import it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to no file: a typo, or a package missing from package.json.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment: 'A package imported but not declared in package.json: it works here by accident of hoisting.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'src-not-to-test-tools',
      comment:
        'What ships (src/) is bundled into dist/ with the packages it imports (devDependencies, as the bundle ' +
        'holds them), but never a test, build or lint tool: those are not in an installed ic-support.',
      severity: 'error',
      from: { path: '^src/' },
      to: {
        path: '^node_modules/(vitest|@vitest|vite|fast-check|@fast-check|@lydell|autocannon|ical\\.js|tsx|esbuild|typescript|eslint|@eslint|typescript-eslint|prettier|knip|dependency-cruiser|@redocly|@stoplight|ajv|ajv-formats|@seriousme|semver)/',
        dependencyTypesNot: ['type-only'],
      },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // Type-only imports are imports: a cycle or an upward import through types is refused too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    skipAnalysisNotInRules: true,
  },
};
