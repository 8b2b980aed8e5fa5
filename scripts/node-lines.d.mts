// Types of scripts/node-lines.mjs, for the tests and benches written in TypeScript.
export declare const CACHE: string;
export declare const LINES: { min20: string; min22: string; newest22: string; newest24: string };
export declare const TOO_OLD: { node18: string; node16: string };
export declare function nodeBinary(version: string): string;
