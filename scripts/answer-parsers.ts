/**
 * The portal answers' parsers, generated from src/portal/schemas.ts by zod's own compiler (part of
 * `npm run gen`; see src/portal/parse-answer.ts for how they are used).
 *
 * zod 4 compiles a schema into plain JavaScript (`compileFn` of zod/v4/core, what `z.compile` and
 * `import "zod/compile"` run): straight-line checks that return the parsed value, or INVALID where
 * the runtime would find an issue. zod documents the other half, `withParser`, for parsers "a
 * build-time or native compiler produces". Here the compiler runs at build time and its output is
 * written as a module, so a command that only reads an answer never loads zod's runtime (~10 ms of
 * every portal command's start, docs/performance.md); zod is loaded only to say what is wrong.
 *
 * The code is zod's, unedited. What it refers to beyond its input (its "constants") is written
 * beside it: regular expressions and sets of literals as literals; zod's own helpers (a plain-object
 * test, a code-point length) as esbuild extracts them from zod's util module; built-in functions by
 * name. A schema whose code would refer to anything else (a transform, a default, a catch: a
 * function of ours or a schema object) is refused here, naming it: keep such leniency out of the
 * schema, in code applied after the parse (as src/portal/catalog-answer.ts does for the catalog).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { buildSync } from 'esbuild';
import { compileFn, util } from 'zod/v4/core';
import * as schemas from '../src/portal/schemas.js';

interface Compiled {
  names: string[];
  code: string;
  values: unknown[];
}

/**
 * Runs zod's compiler on a schema and keeps what it builds its function from: the parameter names
 * (INVALID and the constants), the body, and the constants' values. compileFn hands these to
 * `new Function(...names, body)` and calls the result with the values; it does not return them,
 * so `Function` is watched for that one call.
 */
function compile(schema: unknown): Compiled {
  let seen: Compiled | undefined;
  const RealFunction = globalThis.Function;
  globalThis.Function = new Proxy(RealFunction, {
    construct(target, args: string[]) {
      const factory = Reflect.construct(target, args) as (...values: unknown[]) => unknown;
      return new Proxy(factory, {
        apply(f, self, values: unknown[]) {
          seen = { names: args.slice(0, -1), code: args[args.length - 1] ?? '', values };
          return Reflect.apply(f, self, values);
        },
      });
    },
  });
  try {
    compileFn(schema as Parameters<typeof compileFn>[0]);
  } finally {
    globalThis.Function = RealFunction;
  }
  if (!seen) throw new Error('zod compiled no function');
  return seen;
}

const NATIVE = new Map<unknown, string>([
  [Object.prototype.propertyIsEnumerable, 'Object.prototype.propertyIsEnumerable'],
  [Object.prototype.hasOwnProperty, 'Object.prototype.hasOwnProperty'],
]);
const ZOD_HELPERS = new Map<unknown, string>(
  Object.entries(util)
    .filter(([, v]) => typeof v === 'function')
    .map(([k, v]) => [v, k]),
);
const isLiteral = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A constant as source text, or why it cannot be one. */
function constantSource(value: unknown, helpers: Set<string>): { text: string } | { why: string } {
  if (value instanceof RegExp)
    return { text: `new RegExp(${JSON.stringify(value.source)}, ${JSON.stringify(value.flags)})` };
  if (value instanceof Set && [...value].every(isLiteral)) return { text: `new Set(${JSON.stringify([...value])})` };
  if (typeof value === 'symbol' && Symbol.keyFor(value) !== undefined)
    return { text: `Symbol.for(${JSON.stringify(Symbol.keyFor(value))})` };
  if (isLiteral(value)) return { text: JSON.stringify(value) };
  if (value === undefined) return { text: 'undefined' };
  const native = NATIVE.get(value);
  if (native) return { text: native };
  const helper = ZOD_HELPERS.get(value);
  if (helper) {
    helpers.add(helper);
    return { text: `zod_${helper}` };
  }
  return {
    why:
      typeof value === 'function'
        ? 'a function of its own (a transform, a default or a catch)'
        : `a ${Object.prototype.toString.call(value)} in its code`,
  };
}

/** zod's helpers the parsers call, extracted from zod's util module (only those, tree-shaken). */
function helperSource(names: string[]): string {
  if (!names.length) return '';
  const out =
    buildSync({
      // By path: zod's package exports do not name its util module.
      stdin: {
        contents: `export { ${names.join(', ')} } from './v4/core/util.js';`,
        resolveDir: dirname(createRequire(import.meta.url).resolve('zod/package.json')),
        loader: 'js',
      },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      legalComments: 'none',
      logLevel: 'error',
    }).outputFiles[0]?.text ?? '';
  // esbuild ends the module with `export { local as name, ... };`: bind each to zod_<name> instead.
  const m = /export\s*\{([^}]*)\};?\s*$/.exec(out);
  if (!m) throw new Error('unexpected esbuild output for zod helpers');
  const binds = m[1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [local, name = local] = s.split(/\s+as\s+/);
      return `const zod_${name} = ${local};`;
    });
  // util.js's top level defines captureStackTrace, which esbuild keeps (it cannot tell it is unused).
  const body = out
    .slice(0, m.index)
    .replace(/^\/\/ .*\n/gm, '')
    .replace(/^var captureStackTrace = [^\n]*\n\};\n/m, '');
  return `${body.trim()}\n${binds.join('\n')}\n`;
}

export function answerParsers(): string {
  const helpers = new Set<string>();
  const parsers: string[] = [];
  const refused: string[] = [];
  const fields: string[] = [];
  // Sorted: a module namespace lists its names sorted under Node, in source order under vitest.
  for (const [name, build] of Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!name.endsWith('Schema') || typeof build !== 'function') continue;
    const schema = (build as () => { _zod: { def: { type: string; shape?: Record<string, unknown> } } })();
    if (schema._zod.def.type === 'object' && schema._zod.def.shape)
      fields.push(`  ${name}: ${JSON.stringify(Object.keys(schema._zod.def.shape))},`);
    let c: Compiled;
    try {
      c = compile(schema);
    } catch (e) {
      refused.push(`${name}: ${(e as Error).message}`);
      continue;
    }
    const consts: string[] = [];
    let why: string | undefined;
    c.names.forEach((n, i) => {
      if (why || n === 'INVALID') return;
      const s = constantSource(c.values[i], helpers);
      if ('why' in s) why = s.why;
      else consts.push(`const ${n} = ${s.text};`);
    });
    if (why) {
      refused.push(`${name}: ${why}`);
      continue;
    }
    // c.code is compileFn's factory body: `return (input) => { ... }`.
    parsers.push(
      `  ${name}: (() => {\n${consts.map((l) => `    ${l}\n`).join('')}${c.code.replace(/^/gm, '    ')}\n  })(),`,
    );
  }
  if (refused.length)
    throw new Error(
      `zod cannot compile these schemas of src/portal/schemas.ts into plain code:\n  ${refused.join('\n  ')}\nKeep transforms, defaults and catches out of them (normalize after the parse instead).`,
    );
  return `/**
 * Generated by \`npm run gen\` (scripts/answer-parsers.ts) from src/portal/schemas.ts: do not edit.
 *
 * Each parser is zod's compiled form of the schema of the same name: it returns what the schema's
 * parse returns, or INVALID where zod would find an issue (src/portal/parse-answer.ts then asks zod
 * which).
 */
/* eslint-disable */
// @ts-nocheck
export const INVALID = Symbol.for('zod.compile.invalid');

// zod's own helpers, extracted from zod/v4/core/util.js by esbuild.
${helperSource([...helpers].sort())}
export const parsers = {
${parsers.join('\n')}
};

/** The keys of each object schema, in order (what \`--json\` offers). */
export const fields = {
${fields.join('\n')}
};
`;
}
