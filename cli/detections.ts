import * as path from 'node:path';
import { compileDetections } from '../catalog/compile';
import type { CompiledDetection, Profile } from '../catalog/types';
import type { AccountConfig } from '../stacks/config';
import { configFilePath, loadAccounts } from '../stacks/config-file';
import { UsageError } from './usage-error';

/** Which detections a command works on, as chosen on the command line. */
export interface DetectionChoice {
  /** Overrides the account's profile. @default the account's profile, or `human` without an account */
  readonly profile?: Profile;
  /** An account of the configuration file. */
  readonly account?: string;
  /** The configuration file. @default `TRAILWATCH_CONFIG`, else trailwatch.config.json in the working directory (what synth reads) */
  readonly config?: string;
}

export interface ChosenDetections {
  /** e.g. `account "prod" (trailwatch.config.json)`, `default catalog`. */
  readonly source: string;
  readonly profile: Profile;
  readonly detections: readonly CompiledDetection[];
  /** The chosen account; absent for the default catalog. */
  readonly account?: AccountConfig;
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
  const { account, origin } = chooseAccount(choice);
  const source = `account "${account.name}" (${origin})`;
  if (choice.profile === undefined || choice.profile === (account.detectionSettings.profile ?? 'human')) {
    return { source, account, profile: account.detectionSettings.profile ?? 'human', detections: account.detections };
  }
  return { source, account, profile: choice.profile, detections: compileDetections({ ...account.detectionSettings, profile: choice.profile }, `account "${account.name}"`) };
}

/** The account `--account` names in the configuration file (`--config`, else synth's); the file's only account when none is named. */
export function chooseAccount(choice: Pick<DetectionChoice, 'account' | 'config'>): { readonly account: AccountConfig; readonly origin: string } {
  const file = configFilePath(choice.config);
  const origin = path.relative(process.cwd(), file) || file;
  return { account: pickAccount(loadAccounts(file), choice.account, origin), origin };
}

function pickAccount(accounts: readonly AccountConfig[], name: string | undefined, origin: string): AccountConfig {
  const names = accounts.map((account) => account.name).join(', ');
  if (name === undefined) {
    if (accounts.length === 1) return accounts[0];
    throw new UsageError(`${origin} has ${accounts.length} accounts; choose one with --account (${names})`);
  }
  const account = accounts.find((candidate) => candidate.name === name);
  if (!account) throw new UsageError(`no account "${name}" in ${origin} (accounts: ${names})`);
  return account;
}
