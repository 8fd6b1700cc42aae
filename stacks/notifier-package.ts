/**
 * The notifier's deployment package, as shipped: dist/notifier.zip, built once by `npm run build` (run by
 * `prepare` in a checkout and `prepack` before packing). Synth only reads it, and never writes anywhere in the
 * package: an installed trailwatch deploys the exact zip it was published with, hash for hash.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { packageRoot } from './package-root';

export interface NotifierPackage {
  /** Absolute path of the zip. */
  readonly zipPath: string;
  /** base64 SHA-256 of the zip: what `aws_lambda_function.source_code_hash` documents (`filebase64sha256`). */
  readonly sha256: string;
  /** The same digest in hex: the asset's folder name, so cdktf need not hash the zip again for every stack. */
  readonly sha256Hex: string;
}

export const NOTIFIER_PACKAGE_FILE = path.join(packageRoot(__dirname), 'dist', 'notifier.zip');

const read = new Map<string, NotifierPackage>();

/** Reads and hashes the zip, once per process. Fails with one line naming the build command when it is missing. */
export function notifierPackage(zipPath: string = NOTIFIER_PACKAGE_FILE): NotifierPackage {
  const known = read.get(zipPath);
  if (known) return known;
  let zip: Buffer;
  try {
    zip = fs.readFileSync(zipPath);
  } catch {
    throw new Error(`trailwatch: the notifier package ${zipPath} is missing; run \`npm run build\` in the trailwatch package (synth never builds it).`);
  }
  const digest = createHash('sha256').update(zip).digest();
  const pkg = { zipPath, sha256: digest.toString('base64'), sha256Hex: digest.toString('hex') };
  read.set(zipPath, pkg);
  return pkg;
}
