/**
 * The accounts' one source of truth: a JSON file (an array of accounts, fields in stacks/config.ts), read at run
 * time by synth (main.ts) and by every CLI command, so an edit is seen by the next command of either.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, parseAccounts, type AccountConfig } from './config';

/** Read from the working directory unless `TRAILWATCH_CONFIG` or `--config` names another file. */
export const DEFAULT_CONFIG_FILE = 'trailwatch.config.json';

/** The configuration file to read: an explicit path, else `TRAILWATCH_CONFIG`, else `trailwatch.config.json` in `cwd`. */
export function configFilePath(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return path.resolve(cwd, explicit ?? (env.TRAILWATCH_CONFIG || DEFAULT_CONFIG_FILE));
}

/** Reads, validates and compiles the accounts of a configuration file. Every failure is a {@link ConfigError} naming the file. */
export function loadAccounts(file: string): AccountConfig[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: cannot read the configuration (${code ?? (error as Error).message})${code === 'ENOENT' ? '; create it, or name another with --config or TRAILWATCH_CONFIG' : ''}`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not JSON: ${(error as Error).message}`);
  }
  return parseAccounts(input, path.basename(file));
}
