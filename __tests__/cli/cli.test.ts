import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileDetections } from '../../catalog/compile';
import { buildCliBundle } from '../../cli/bundle';
import { version } from '../../package.json';
import { synthApp } from '../../stacks/app';
import { loadAccounts } from '../../stacks/config-file';
import { expectUsageError, trailwatch } from './support/run-cli';

/**
 * The `trailwatch` command, in-process through `runCli` with its own streams, plus two smoke tests of the
 * bundle `npm run build` makes, in real processes (built here into a temporary folder, never into dist/).
 */
const ROOT = path.join(__dirname, '..', '..');
const CONFIG = path.join(ROOT, 'trailwatch.config.json');
const FIXTURES = path.join(ROOT, '__tests__', 'fixtures', 'replay');
const S3_FILE = path.join(FIXTURES, '111122223333_CloudTrail_ap-northeast-2_20240501T0010Z_Ab12Cd34Ef56Gh78.json');
const EXPORT_FILE = path.join(FIXTURES, 'cloudwatch-export-000000.txt');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-cli-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('the built program (two real processes)', () => {
  let bundle: string;
  beforeAll(() => {
    bundle = buildCliBundle(path.join(TMP, 'cli.js'));
  });
  const run = (args: readonly string[], input?: string) => spawnSync(process.execPath, [bundle, ...args], { input, encoding: 'utf8', cwd: TMP });

  it('starts without cdktf or the AWS provider, prints its version and reads the configuration file of its working directory', async () => {
    const bundled = [...fs.readFileSync(bundle, 'utf8').matchAll(/^\/\/ (node_modules\/(?:@cdktf\/provider-aws|cdktf)\/\S+)$/gm)].map((m) => m[1]);
    expect(bundled).toEqual([]);
    expect(run(['--version'])).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
    fs.copyFileSync(CONFIG, path.join(TMP, 'trailwatch.config.json'));
    const patterns = JSON.parse(run(['patterns', '--json', '--account', 'management']).stdout);
    expect(patterns).toEqual(Object.fromEntries(loadAccounts(CONFIG)[1].detections.map((d) => [d.name, d.pattern])));
  });

  it('replays on worker threads like on one (--jobs 2 on stdin, which always counts as large)', async () => {
    // Without the worker script beside the bundle, replay would quietly work in one thread.
    expect(fs.existsSync(path.join(path.dirname(bundle), 'replay-worker.js'))).toBe(true);
    const input = fs.readFileSync(EXPORT_FILE, 'utf8');
    const threaded = JSON.parse(run(['replay', '--json', '--jobs', '2', '-'], input).stdout);
    const inline = JSON.parse(run(['replay', '--json', '--jobs', '1', EXPORT_FILE]).stdout);
    expect(threaded.events).toBe(11);
    expect(threaded.detections).toEqual(inline.detections);
  });
});

describe('the command line', () => {
  it('prints its version and help', async () => {
    expect(await trailwatch(['--version'])).toEqual({ status: 0, stdout: `${version}
`, stderr: '' });
    const help = await trailwatch(['replay', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--suggest-exclusions');
  });

  it('answers an unknown command or option with one line and status 2', async () => {
    expectUsageError(await trailwatch(['replai']), /unknown command 'replai'/);
    expectUsageError(await trailwatch(['patterns', '--profile', 'strict']), /'strict' is invalid/);
  });
});

describe('trailwatch patterns', () => {
  const expected = (profile: 'human' | 'cis-securityhub') => Object.fromEntries(compileDetections({ profile }, 'test').map((d) => [d.name, d.pattern]));

  it.each(['human', 'cis-securityhub'] as const)('--json --profile %s prints { name: pattern } as compiled for deployment', async (profile) => {
    const result = await trailwatch(['patterns', '--json', '--profile', profile]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expected(profile));
    expect(Object.keys(JSON.parse(result.stdout))).toHaveLength(17);
  });

  it('--profile cis-securityhub prints the Security Hub texts verbatim', async () => {
    const patterns = JSON.parse((await trailwatch(['patterns', '--json', '--profile', 'cis-securityhub'])).stdout);
    expect(patterns['root-alert']).toBe('{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}');
  });

  it('prints a table of name, length and pattern', async () => {
    const lines = (await trailwatch(['patterns'])).stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +LENGTH +PATTERN$/);
    expect(lines).toHaveLength(18);
    const pattern = expected('human')['root-alert'];
    expect(lines[1]).toMatch(new RegExp(`^root-alert +${pattern.length}  \\{`));
    expect(lines[1].endsWith(pattern)).toBe(true);
  });

  it("--account prints the account's patterns from trailwatch.config.json, with its exclusions", async () => {
    const [account] = loadAccounts(CONFIG);
    const result = await trailwatch(['patterns', '--json', '--account', account.name]);
    expect(JSON.parse(result.stdout)).toEqual(Object.fromEntries(account.detections.map((d) => [d.name, d.pattern])));
    expectUsageError(await trailwatch(['patterns', '--account', 'nope']), /no account "nope" in trailwatch\.config\.json \(accounts: hdclabs, management\)/);
  });

  it('--config reads accounts from another file, validated as synth validates; a bad file is a usage error', async () => {
    const config = path.join(TMP, 'accounts.json');
    const exclusions = { principalArns: ['*assumed-role/AWSReservedSSO_Admin_*'] };
    const [hdclabs] = JSON.parse(fs.readFileSync(CONFIG, 'utf8'));
    fs.writeFileSync(config, JSON.stringify([{ ...hdclabs, name: 'solo', detections: { exclusions } }]));
    const patterns = JSON.parse((await trailwatch(['patterns', '--json', '--config', config])).stdout);
    expect(patterns.UnauthorizedAPICall).toContain('AWSReservedSSO_Admin_*');
    fs.writeFileSync(config, '{ not json');
    expectUsageError(await trailwatch(['patterns', '--config', config]), /accounts\.json: not JSON/);
    fs.writeFileSync(config, '[]');
    expectUsageError(await trailwatch(['patterns', '--config', config]), /accounts\.json: expected a non-empty array of accounts/);
  });
});

describe('one live configuration', () => {
  it('an edit is seen by the next synth and the next CLI command alike', async () => {
    const file = path.join(TMP, 'live.json');
    const [hdclabs, management] = JSON.parse(fs.readFileSync(CONFIG, 'utf8'));
    const deployed = () => {
      const outdir = fs.mkdtempSync(path.join(TMP, 'out-'));
      synthApp(loadAccounts(file), outdir);
      const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'trailwatch-hdclabs', 'cdk.tf.json'), 'utf8'));
      const filters = Object.values(stack.resource.aws_cloudwatch_log_metric_filter as Record<string, { name: string; pattern: string }>);
      return Object.fromEntries(filters.map((f) => [f.name, f.pattern]));
    };
    const shown = async () => JSON.parse((await trailwatch(['patterns', '--json', '--config', file, '--account', 'hdclabs'])).stdout);

    fs.writeFileSync(file, JSON.stringify([hdclabs, management]));
    const before = await shown();
    expect(before).toEqual(deployed());

    hdclabs.detections.overrides.UnauthorizedAPICall.exclusions.principalArns = ['*assumed-role/only-this-one/*'];
    fs.writeFileSync(file, JSON.stringify([hdclabs, { ...management, name: 'added', id: '444455556666' }]));
    const after = await shown();
    expect(after.UnauthorizedAPICall).not.toBe(before.UnauthorizedAPICall);
    expect(after.UnauthorizedAPICall).toContain('only-this-one');
    expect(after).toEqual(deployed());
    expect((await trailwatch(['patterns', '--json', '--config', file, '--account', 'added'])).status).toBe(0);
  });

  it('reads TRAILWATCH_CONFIG when no --config is given', async () => {
    process.env.TRAILWATCH_CONFIG = path.join(TMP, 'missing.json');
    try {
      expectUsageError(await trailwatch(['patterns', '--account', 'hdclabs']), /missing\.json: cannot read the configuration \(ENOENT\); create it, or name another with --config or TRAILWATCH_CONFIG/);
    } finally {
      delete process.env.TRAILWATCH_CONFIG;
    }
  });
});

describe('trailwatch match', () => {
  const login = JSON.stringify({ eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com' });
  const other = JSON.stringify({ eventName: 'DescribeInstances' });

  it('prints true or false for each line: not JSON and blank lines are false; an export timestamp is skipped', async () => {
    const input = [login, other, 'not json', '', `2024-05-01T00:00:00.000Z ${login}`, '[1]'].join('\n');
    const result = await trailwatch(['match', '--pattern', '{$.eventName="ConsoleLogin"}'], `${input}\n`);
    expect(result).toEqual({ status: 0, stdout: 'true\nfalse\nfalse\nfalse\ntrue\nfalse\n', stderr: '' });
  });

  it('reads a file', async () => {
    const result = await trailwatch(['match', '--pattern', '{$.errorCode="*UnauthorizedOperation"}', EXPORT_FILE]);
    expect(result.stdout.split('\n').slice(0, 5)).toEqual(['true', 'true', 'true', 'false', 'false']);
  });

  it('answers a file it cannot read with status 2', async () => {
    expectUsageError(await trailwatch(['match', '--pattern', '{$.eventName="x"}', '/nonexistent/events.jsonl']), /cannot read \/nonexistent\/events\.jsonl: ENOENT/);
  });

  it('refuses an invalid pattern with status 2 and one line saying where', async () => {
    expectUsageError(await trailwatch(['match', '--pattern', '{$.eventName="x" &&}'], ''), /^trailwatch: invalid pattern at \d+: /);
    expectUsageError(await trailwatch(['match', '--pattern', `{${Array(60).fill('$.eventName="ConsoleLogin"').join('||')}}`], ''), /^trailwatch: invalid pattern: .*1024/);
  });
});

describe('trailwatch replay', () => {
  it('--json prints the report; status 0 when nothing was skipped', async () => {
    const result = await trailwatch(['replay', '--json', S3_FILE, EXPORT_FILE]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ events: 23, skipped: 0, problems: [] });
    expect(report.detections.UnauthorizedAPICall).toMatchObject({ matches: 4, alarmPeriods: 3, notifications: 2 });
  });

  it('prints a readable table by default', async () => {
    const { stdout } = await trailwatch(['replay', S3_FILE, EXPORT_FILE]);
    expect(stdout).toMatch(/^23 CloudTrail events from 2024-05-01 00:01:10 UTC to 2024-05-01 00:21:00 UTC, 2 files; 17 detections of default catalog, profile human\./);
    expect(stdout).toMatch(/\nDETECTION +MATCHES +ALARM PERIODS +NOTIFICATIONS +ALARM +TOP PRINCIPAL\n/);
    expect(stdout).toMatch(/\nUnauthorizedAPICall +4 +3 +2 +sum ≥ 1 \/ 300 s +arn:aws:sts::111122223333:assumed-role\/github-actions-deploy\/GitHubActions-4821 \(75%\)\n/);
    expect(stdout).toContain('\nUnauthorizedAPICall: 4 matches\n  principals   3  arn:aws:sts::111122223333:assumed-role/github-actions-deploy/GitHubActions-4821\n');
  });

  it('reports a bad file on stderr by name, goes on, and exits with status 1', async () => {
    const bad = path.join(TMP, 'bad.jsonl');
    fs.writeFileSync(bad, `${fs.readFileSync(EXPORT_FILE, 'utf8').split('\n')[0]}\n{"truncated":\n`);
    const result = await trailwatch(['replay', '--json', S3_FILE, bad]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^trailwatch: skipped ${bad} line 2: not JSON: [^\\n]+\\n$`));
    expect(JSON.parse(result.stdout)).toMatchObject({ events: 13, skipped: 1, problems: [{ file: bad, line: 2 }] });
  });

  it('--suggest-exclusions prints paste-ready settings on stdout and the reasons on stderr', async () => {
    const result = await trailwatch(['replay', '--suggest-exclusions', S3_FILE, EXPORT_FILE]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).overrides.UnauthorizedAPICall).toEqual({
      exclusions: { principalArns: ['arn:aws:sts::111122223333:assumed-role/github-actions-deploy/*'] },
    });
    expect(result.stderr).toContain('UnauthorizedAPICall: arn:aws:sts::111122223333:assumed-role/github-actions-deploy/* has 3 of its matches (75%)');
  });


  it('answers a missing path argument or a bad option value with status 2', async () => {
    expectUsageError(await trailwatch(['replay']), /missing required argument 'paths'/);
    expectUsageError(await trailwatch(['replay', '--jobs', '0', S3_FILE]), /--jobs must be a whole number of at least 1/);
  });
});
