/**
 * Finds or installs the real tools, outside the repository (default `~/.cache/trailwatch`, or
 * `$TRAILWATCH_CACHE`): the terraform CLI, the hashicorp/aws provider binary, and a Python venv with the
 * pinned checkov and moto (requirements.txt). Every install is timed and said on stderr.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CACHE_DIR = process.env.TRAILWATCH_CACHE ?? path.join(os.homedir(), '.cache', 'trailwatch');
/** What a fresh machine tries to build when `terraform` is not on PATH (the version this project is tested with). */
export const TERRAFORM_MODULE = 'github.com/hashicorp/terraform@v1.11.4';
/** The provider @cdktf/provider-aws 21.22.1 is generated from (its package.json `cdktf.provider.version`). */
export const PINNED_AWS_PROVIDER = '6.25.0';
const AWS_PROVIDER_MODULE = `github.com/hashicorp/terraform-provider-aws@v${PINNED_AWS_PROVIDER}`;
/** The provider shipped on this project's machine image, in filesystem-mirror layout. */
export const IMAGE_PLUGIN_MIRROR = '/opt/tf-plugins';
const PROVIDER_ADDRESS = 'registry.terraform.io/hashicorp/aws';
const PLATFORM = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;

export function say(message: string): void {
  process.stderr.write(`[real-tools] ${message}\n`);
}

/** Runs a command to completion; throws with its output when it fails, unless `allowFailure`. */
export function run(
  command: string,
  args: readonly string[],
  options: SpawnSyncOptions & { readonly allowFailure?: boolean } = {},
): { status: number; stdout: string; stderr: string; seconds: number } {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const seconds = (Date.now() - started) / 1000;
  const out = { status: result.status ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), seconds };
  if (result.error) throw new Error(`${command}: ${result.error.message}`);
  if (out.status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(' ')} exited ${out.status} after ${seconds.toFixed(1)} s\n${out.stdout}${out.stderr}`);
  }
  return out;
}

function onPath(command: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** `terraform` from PATH, else from the cache; undefined when neither has one. */
export function findTerraform(): string | undefined {
  const cached = path.join(CACHE_DIR, 'bin', 'terraform');
  return onPath('terraform') ?? (fs.existsSync(cached) ? cached : undefined);
}

/** {@link findTerraform}, else built into the cache from its Go module, if the module proxy can serve it. */
export function ensureTerraform(): string {
  const found = findTerraform();
  if (found) return found;
  const bin = path.join(CACHE_DIR, 'bin');
  const cached = path.join(bin, 'terraform');
  say(`terraform is not on PATH: trying go install ${TERRAFORM_MODULE} into ${bin} (through the Go module proxy)`);
  const built = run('go', ['install', TERRAFORM_MODULE], { env: { ...process.env, GOBIN: bin }, allowFailure: true });
  if (built.status !== 0) {
    // Measured on this project's machine (go 1.26): terraform's go.mod has replace directives, which
    // `go install module@version` refuses; built from the downloaded module instead, its go.mod needs Go 1.23
    // (`unknown godebug "tlskyber"`), and with GOTOOLCHAIN=go1.23.3 the build still fails: the remote-state
    // backends are nested modules, left out of the module zip and never published on the proxy.
    throw new Error(
      `terraform is not installed and cannot be built from the Go module proxy:\n${built.stderr.trim()}\n` +
        `Install terraform >= 1.10 (this project uses 1.11.4) from your package source, on PATH or as ${cached}.`,
    );
  }
  say(`built terraform in ${built.seconds.toFixed(0)} s`);
  return cached;
}

export interface AwsProvider {
  readonly version: string;
  /** A filesystem-mirror root holding `registry.terraform.io/hashicorp/aws/<version>/<os_arch>/`. */
  readonly mirror: string;
}

const providerDir = (mirror: string, version: string) => path.join(mirror, PROVIDER_ADDRESS, version, PLATFORM);
const hasProvider = (mirror: string, version: string) =>
  fs.existsSync(providerDir(mirror, version)) && fs.readdirSync(providerDir(mirror, version)).some((f) => f.startsWith('terraform-provider-aws'));

/**
 * The real hashicorp/aws provider, in order: a build of the pinned version in the cache (built with
 * `go install` when the Go module proxy serves it), else the machine image's official binary (another
 * version: said loudly), else the pinned version's build failure, quoted.
 */
export function findAwsProvider(): AwsProvider {
  const cacheMirror = path.join(CACHE_DIR, 'tf-plugins');
  if (hasProvider(cacheMirror, PINNED_AWS_PROVIDER)) return { version: PINNED_AWS_PROVIDER, mirror: cacheMirror };
  const failure = buildPinnedProvider(cacheMirror);
  if (failure === undefined) return { version: PINNED_AWS_PROVIDER, mirror: cacheMirror };
  say(`hashicorp/aws ${PINNED_AWS_PROVIDER} cannot be built here: ${failure}`);
  const imageVersions = fs.existsSync(path.join(IMAGE_PLUGIN_MIRROR, PROVIDER_ADDRESS))
    ? fs.readdirSync(path.join(IMAGE_PLUGIN_MIRROR, PROVIDER_ADDRESS)).filter((v) => hasProvider(IMAGE_PLUGIN_MIRROR, v))
    : [];
  const newest = imageVersions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1);
  if (!newest) throw new Error(`no hashicorp/aws provider: ${PINNED_AWS_PROVIDER} cannot be built (${failure}) and ${IMAGE_PLUGIN_MIRROR} has none`);
  say(`USING hashicorp/aws ${newest} FROM ${IMAGE_PLUGIN_MIRROR}, NOT THE PINNED ${PINNED_AWS_PROVIDER}: the stacks' version constraint is rewritten in the temporary copies only.`);
  return { version: newest, mirror: IMAGE_PLUGIN_MIRROR };
}

/** Undefined when the pinned provider was built into the cache mirror; else the exact failure. */
function buildPinnedProvider(cacheMirror: string): string | undefined {
  // `go list -m` asks the proxy for the version first: seconds, instead of a failed download and build.
  const known = run('go', ['list', '-m', AWS_PROVIDER_MODULE], { allowFailure: true, env: { ...process.env, GOFLAGS: '-mod=mod' }, cwd: os.tmpdir() });
  if (known.status !== 0) return `go list -m ${AWS_PROVIDER_MODULE} → ${known.stderr.trim()}`;
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-provider-'));
  say(`building ${AWS_PROVIDER_MODULE} (minutes)`);
  const built = run('go', ['install', AWS_PROVIDER_MODULE], { allowFailure: true, env: { ...process.env, GOBIN: bin }, stdio: ['ignore', 'inherit', 'pipe'] });
  if (built.status !== 0) return `go install ${AWS_PROVIDER_MODULE} → ${built.stderr.trim()}`;
  const target = providerDir(cacheMirror, PINNED_AWS_PROVIDER);
  fs.mkdirSync(target, { recursive: true });
  fs.renameSync(path.join(bin, 'terraform-provider-aws'), path.join(target, `terraform-provider-aws_v${PINNED_AWS_PROVIDER}_x5`));
  say(`built hashicorp/aws ${PINNED_AWS_PROVIDER} in ${built.seconds.toFixed(0)} s`);
  return undefined;
}

/**
 * A CLI configuration (for TF_CLI_CONFIG_FILE) that installs hashicorp/aws from the mirror only and
 * everything else as usual. Written into `dir`; the user's own configuration is never touched.
 */
export function writeCliConfig(dir: string, provider: AwsProvider): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'terraform.rc');
  fs.writeFileSync(
    file,
    `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(provider.mirror)}
    include = [${JSON.stringify(PROVIDER_ADDRESS)}]
  }
  direct {
    exclude = [${JSON.stringify(PROVIDER_ADDRESS)}]
  }
}
`,
  );
  return file;
}

/**
 * Copies a synthesized stack folder into `dest` for a run with `providerVersion`: when that is not the
 * pinned version, the copy's `required_providers.aws.version` is rewritten (the stack itself never is).
 */
export function copyStack(stackDir: string, dest: string, providerVersion: string): Record<string, unknown> {
  fs.cpSync(stackDir, dest, { recursive: true });
  const file = path.join(dest, 'cdk.tf.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { terraform: { required_providers: { aws: { version: string } } } };
  json.terraform.required_providers.aws.version = providerVersion;
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  return json;
}

const VENV = path.join(CACHE_DIR, 'venv');
const REQUIREMENTS = path.join(__dirname, 'requirements.txt');

/** The venv's bin folder, with requirements.txt installed (again when it changed). */
export function ensureVenv(): string {
  const bin = path.join(VENV, 'bin');
  const stamp = path.join(VENV, 'trailwatch-requirements.sha256');
  const wanted = createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return bin;
  say(`installing ${REQUIREMENTS} into ${VENV}`);
  const started = Date.now();
  if (!fs.existsSync(path.join(bin, 'python'))) run('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  run(path.join(bin, 'pip'), ['install', '--quiet', '-r', REQUIREMENTS], { stdio: 'inherit' });
  fs.writeFileSync(stamp, wanted);
  say(`venv ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return bin;
}

/** A fresh temporary folder. Kept when TRAILWATCH_KEEP_TMP is set, to look at what ran. */
export function temporaryDir(prefix: string): { readonly dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `trailwatch-${prefix}-`));
  return { dir, remove: () => (process.env.TRAILWATCH_KEEP_TMP ? say(`kept ${dir}`) : fs.rmSync(dir, { recursive: true, force: true })) };
}

/** Human size of a file or folder (symlinks not followed). */
export function sizeOf(target: string): number {
  const stat = fs.lstatSync(target);
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(target).reduce((sum, entry) => sum + sizeOf(path.join(target, entry)), 0);
}
