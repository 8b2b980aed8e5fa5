// Stands in for zod's index of its ~40 message locales in the bundle (~360 KB of code, a third of
// zod's): ic-support words its own messages and uses zod's English ones, which zod sets up itself
// from en.js. `z.locales` holds only `en` in the built CLI.
export { default as en } from 'zod/v4/locales/en.js';
