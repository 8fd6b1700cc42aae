/**
 * The notifier's deployment package: a zip holding the esbuild bundle as `index.js`, written once per
 * process next to the bundle (dist/notifier.zip) and shipped to every stack as a FILE asset.
 *
 * Why not a cdktf ARCHIVE asset: cdktf 0.21 zips each ARCHIVE asset in a child `node` process, once per
 * stack (~0.1 s each, i.e. seconds for a 100-account app), and its zips carry file mtimes. This zip is
 * built in-process by fflate (pinned) with a fixed timestamp: its bytes depend on the bundle alone, on any
 * machine, so `source_code_hash` changes only when the code does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import { ensureNotifierBundle, NOTIFIER_BUNDLE_FILE } from '../lambda/bundle';

export interface NotifierPackage {
  /** Absolute path of the zip. */
  readonly zipPath: string;
  /** base64 SHA-256 of the zip: what `aws_lambda_function.source_code_hash` documents (`filebase64sha256`). */
  readonly sha256: string;
  /** The same digest in hex: the asset's folder name, so cdktf need not hash the zip again for every stack. */
  readonly sha256Hex: string;
}

export const NOTIFIER_PACKAGE_FILE = path.join(path.dirname(path.dirname(NOTIFIER_BUNDLE_FILE)), 'notifier.zip');

let built: NotifierPackage | undefined;

/** Builds the bundle if stale, then the zip; both at most once per process. */
export function notifierPackage(): NotifierPackage {
  if (built) return built;
  const zip = deterministicZip('index.js', fs.readFileSync(ensureNotifierBundle()));
  if (!fs.existsSync(NOTIFIER_PACKAGE_FILE) || !fs.readFileSync(NOTIFIER_PACKAGE_FILE).equals(zip)) fs.writeFileSync(NOTIFIER_PACKAGE_FILE, zip);
  const digest = createHash('sha256').update(zip).digest();
  built = { zipPath: NOTIFIER_PACKAGE_FILE, sha256: digest.toString('base64'), sha256Hex: digest.toString('hex') };
  return built;
}

/** Unix "made by" with a regular file, mode 0644, so Lambda extracts a readable index.js. */
const UNIX = 3;
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

/** A zip with one deflated entry. Deterministic: fixed time, fixed attributes, no extra fields or comment. */
export function deterministicZip(name: string, data: Buffer): Buffer {
  // 1980-01-01 00:00, the earliest MS-DOS time. Zip entries store local date fields, so the date is built from
  // local fields at each call: the bytes are the same in every time zone.
  const dosEpoch = new Date(1980, 0, 1);
  return Buffer.from(zipSync({ [name]: [data, { level: 9, mtime: dosEpoch, os: UNIX, attrs: REGULAR_FILE_0644 }] }));
}
