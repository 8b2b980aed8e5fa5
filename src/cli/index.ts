/** The entry point bundled as dist/cli.js. */
export { main, run } from './run.js';
