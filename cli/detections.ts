import * as fs from 'node:fs';
import { compileDetections } from '../catalog/compile';
import type { CompiledDetection, Profile } from '../catalog/types';
import { EXAMPLE_ACCOUNTS } from '../main';
import { type AccountConfig, parseAccounts } from '../stacks/config';
import { UsageError } from './usage-error';

/** Which detections a command works on, as chosen on the command line. */
export interface DetectionChoice {
  /** Overrides the account's profile. @default the account's profile, or `human` without an account */
  readonly profile?: Profile;
  /** An account of `config`, or of main.ts's example configuration. */
  readonly account?: string;
  /** A JSON file holding an array of accounts, validated like main.ts's configuration. */
  readonly config?: string;
}

export interface ChosenDetections {
  /** e.g. `account "prod" (example configuration)`, `default catalog`. */
  readonly source: string;
  readonly profile: Profile;
  readonly detections: readonly CompiledDetection[];
}

/**
 * The detections exactly as synth would deploy them: an account's compiled detections (same compiler, same
 * exclusions), or the default catalog under a profile when no account is chosen. `--config` alone picks
 * the file's account when it has only one.
 */
export function chooseDetections(choice: DetectionChoice): ChosenDetections {
  if (choice.account === undefined && choice.config === undefined) {
    const profile = choice.profile ?? 'human';
    return { source: 'default catalog', profile, detections: compileDetections({ profile }, 'default catalog') };
  }
  const [accounts, origin] = choice.config === undefined ? [parseAccounts(EXAMPLE_ACCOUNTS, 'main.ts'), 'example configuration'] : [readAccounts(choice.config), choice.config];
  const account = pickAccount(accounts, choice.account, origin);
  const source = `account "${account.name}" (${origin})`;
  if (choice.profile === undefined || choice.profile === (account.detectionSettings.profile ?? 'human')) {
    return { source, profile: account.detectionSettings.profile ?? 'human', detections: account.detections };
  }
  return { source, profile: choice.profile, detections: compileDetections({ ...account.detectionSettings, profile: choice.profile }, `account "${account.name}"`) };
}

export function readAccounts(file: string): AccountConfig[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not JSON: ${(error as Error).message}`);
  }
  return parseAccounts(input, file);
}

export function pickAccount(accounts: readonly AccountConfig[], name: string | undefined, origin: string): AccountConfig {
  const names = accounts.map((account) => account.name).join(', ');
  if (name === undefined) {
    if (accounts.length === 1) return accounts[0];
    throw new UsageError(`${origin} has ${accounts.length} accounts; choose one with --account (${names})`);
  }
  const account = accounts.find((candidate) => candidate.name === name);
  if (!account) throw new UsageError(`no account "${name}" in ${origin} (accounts: ${names})`);
  return account;
}
