/** What main.ts runs: the configuration parser and the app synthesizer, as one entry for stacks/app-loader.ts to bundle. */
export { parseAccounts } from './config';
export { synthApp } from './app';
