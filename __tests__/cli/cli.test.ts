import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileDetections } from '../../catalog/compile';
import { buildCliBundle, CLI_BUNDLE_FILE } from '../../cli/bundle';
import { EXAMPLE_ACCOUNTS } from '../../main';
import { version } from '../../package.json';
import { parseAccounts } from '../../stacks/config';

/**
 * The `trailwatch` command as users run it: bin/trailwatch.js in a real process, on the bundle that
 * `npm run build` makes (cli/bundle.ts).
 */
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'trailwatch.js');
const FIXTURES = path.join(ROOT, '__tests__', 'fixtures', 'replay');
const S3_FILE = path.join(FIXTURES, '111122223333_CloudTrail_ap-northeast-2_20240501T0010Z_Ab12Cd34Ef56Gh78.json');
const EXPORT_FILE = path.join(FIXTURES, 'cloudwatch-export-000000.txt');

beforeAll(() => {
  buildCliBundle();
});

function trailwatch(args: readonly string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', cwd: os.tmpdir() });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A usage or configuration error: exit status 2 and one line `trailwatch: ...`, no stack trace. */
function expectUsageError(result: ReturnType<typeof trailwatch>, reason: RegExp): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^trailwatch: [^\n]+\n$/);
  expect(result.stderr).toMatch(reason);
}

describe('the bundle', () => {
  it('loads neither cdktf nor the AWS provider, so the CLI starts fast', () => {
    const bundled = [...fs.readFileSync(CLI_BUNDLE_FILE, 'utf8').matchAll(/^\/\/ (node_modules\/(?:@cdktf\/provider-aws|cdktf)\/\S+)$/gm)].map((m) => m[1]);
    expect(bundled.slice(0, 5)).toEqual([]); // the first few bundled modules, if any
  });

  it('prints its version and help', () => {
    expect(trailwatch(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    const help = trailwatch(['replay', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--suggest-exclusions');
  });

  it('answers an unknown command or option with one line and status 2', () => {
    expectUsageError(trailwatch(['replai']), /unknown command 'replai'/);
    expectUsageError(trailwatch(['patterns', '--profile', 'strict']), /'strict' is invalid/);
  });
});

describe('trailwatch patterns', () => {
  const expected = (profile: 'human' | 'cis-securityhub') => Object.fromEntries(compileDetections({ profile }, 'test').map((d) => [d.name, d.pattern]));

  it.each(['human', 'cis-securityhub'] as const)('--json --profile %s prints { name: pattern } as compiled for deployment', (profile) => {
    const result = trailwatch(['patterns', '--json', '--profile', profile]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expected(profile));
    expect(Object.keys(JSON.parse(result.stdout))).toHaveLength(17);
  });

  it('--profile cis-securityhub prints the Security Hub texts verbatim', () => {
    const patterns = JSON.parse(trailwatch(['patterns', '--json', '--profile', 'cis-securityhub']).stdout);
    expect(patterns['root-alert']).toBe('{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}');
  });

  it('prints a table of name, length and pattern', () => {
    const lines = trailwatch(['patterns']).stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +LENGTH +PATTERN$/);
    expect(lines).toHaveLength(18);
    const pattern = expected('human')['root-alert'];
    expect(lines[1]).toMatch(new RegExp(`^root-alert +${pattern.length}  \\{`));
    expect(lines[1].endsWith(pattern)).toBe(true);
  });

  it("--account prints the example account's patterns, with its exclusions", () => {
    const [account] = parseAccounts(EXAMPLE_ACCOUNTS, 'test');
    const result = trailwatch(['patterns', '--json', '--account', account.name]);
    expect(JSON.parse(result.stdout)).toEqual(Object.fromEntries(account.detections.map((d) => [d.name, d.pattern])));
    expectUsageError(trailwatch(['patterns', '--account', 'nope']), /no account "nope" in example configuration \(accounts: /);
  });

  it('--config reads accounts from a JSON file, validated like main.ts; a bad file is a usage error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-cli-'));
    const config = path.join(dir, 'accounts.json');
    const exclusions = { principalArns: ['*assumed-role/AWSReservedSSO_Admin_*'] };
    fs.writeFileSync(config, JSON.stringify([{ ...EXAMPLE_ACCOUNTS[0], name: 'solo', detections: { exclusions } }]));
    const patterns = JSON.parse(trailwatch(['patterns', '--json', '--config', config]).stdout);
    expect(patterns.UnauthorizedAPICall).toContain('AWSReservedSSO_Admin_*');
    fs.writeFileSync(config, '{ not json');
    expectUsageError(trailwatch(['patterns', '--config', config]), /accounts\.json: not JSON/);
    fs.writeFileSync(config, '[]');
    expectUsageError(trailwatch(['patterns', '--config', config]), /accounts\.json: expected a non-empty array of accounts/);
  });
});

describe('trailwatch match', () => {
  const login = JSON.stringify({ eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com' });
  const other = JSON.stringify({ eventName: 'DescribeInstances' });

  it('prints true or false for each line: not JSON and blank lines are false; an export timestamp is skipped', () => {
    const input = [login, other, 'not json', '', `2024-05-01T00:00:00.000Z ${login}`, '[1]'].join('\n');
    const result = trailwatch(['match', '--pattern', '{$.eventName="ConsoleLogin"}'], `${input}\n`);
    expect(result).toEqual({ status: 0, stdout: 'true\nfalse\nfalse\nfalse\ntrue\nfalse\n', stderr: '' });
  });

  it('reads a file', () => {
    const result = trailwatch(['match', '--pattern', '{$.errorCode="*UnauthorizedOperation"}', EXPORT_FILE]);
    expect(result.stdout.split('\n').slice(0, 5)).toEqual(['true', 'true', 'true', 'false', 'false']);
  });

  it('answers a file it cannot read with status 2', () => {
    expectUsageError(trailwatch(['match', '--pattern', '{$.eventName="x"}', '/nonexistent/events.jsonl']), /cannot read \/nonexistent\/events\.jsonl: ENOENT/);
  });

  it('refuses an invalid pattern with status 2 and one line saying where', () => {
    expectUsageError(trailwatch(['match', '--pattern', '{$.eventName="x" &&}'], ''), /^trailwatch: invalid pattern at \d+: /);
    expectUsageError(trailwatch(['match', '--pattern', `{${Array(60).fill('$.eventName="ConsoleLogin"').join('||')}}`], ''), /^trailwatch: invalid pattern: .*1024/);
  });
});

describe('trailwatch replay', () => {
  it('--json prints the report; status 0 when nothing was skipped', () => {
    const result = trailwatch(['replay', '--json', S3_FILE, EXPORT_FILE]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ events: 23, skipped: 0, problems: [] });
    expect(report.detections.UnauthorizedAPICall).toMatchObject({ matches: 4, alarmPeriods: 3, notifications: 2 });
  });

  it('prints a readable table by default', () => {
    const { stdout } = trailwatch(['replay', S3_FILE, EXPORT_FILE]);
    expect(stdout).toMatch(/^23 CloudTrail events from 2024-05-01 00:01:10 UTC to 2024-05-01 00:21:00 UTC, 2 files; 17 detections of default catalog, profile human\./);
    expect(stdout).toMatch(/\nDETECTION +MATCHES +ALARM PERIODS +NOTIFICATIONS +ALARM +TOP PRINCIPAL\n/);
    expect(stdout).toMatch(/\nUnauthorizedAPICall +4 +3 +2 +sum ≥ 1 \/ 300 s +arn:aws:sts::111122223333:assumed-role\/github-actions-deploy\/GitHubActions-4821 \(75%\)\n/);
    expect(stdout).toContain('\nUnauthorizedAPICall: 4 matches\n  principals   3  arn:aws:sts::111122223333:assumed-role/github-actions-deploy/GitHubActions-4821\n');
  });

  it('reports a bad file on stderr by name, goes on, and exits with status 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-cli-'));
    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, `${fs.readFileSync(EXPORT_FILE, 'utf8').split('\n')[0]}\n{"truncated":\n`);
    const result = trailwatch(['replay', '--json', S3_FILE, bad]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^trailwatch: skipped ${bad} line 2: not JSON: [^\\n]+\\n$`));
    expect(JSON.parse(result.stdout)).toMatchObject({ events: 13, skipped: 1, problems: [{ file: bad, line: 2 }] });
  });

  it('--suggest-exclusions prints paste-ready settings on stdout and the reasons on stderr', () => {
    const result = trailwatch(['replay', '--suggest-exclusions', S3_FILE, EXPORT_FILE]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).overrides.UnauthorizedAPICall).toEqual({
      exclusions: { principalArns: ['arn:aws:sts::111122223333:assumed-role/github-actions-deploy/*'] },
    });
    expect(result.stderr).toContain('UnauthorizedAPICall: arn:aws:sts::111122223333:assumed-role/github-actions-deploy/* has 3 of its matches (75%)');
  });

  it('runs the same on worker threads (--jobs 2 on stdin, which always counts as large)', () => {
    const input = fs.readFileSync(EXPORT_FILE, 'utf8');
    const threaded = JSON.parse(trailwatch(['replay', '--json', '--jobs', '2', '-'], input).stdout);
    const inline = JSON.parse(trailwatch(['replay', '--json', '--jobs', '1', EXPORT_FILE]).stdout);
    expect(threaded.events).toBe(11);
    expect(threaded.detections).toEqual(inline.detections);
  });

  it('answers a missing path argument or a bad option value with status 2', () => {
    expectUsageError(trailwatch(['replay']), /missing required argument 'paths'/);
    expectUsageError(trailwatch(['replay', '--jobs', '0', S3_FILE]), /--jobs must be a whole number of at least 1/);
  });
});
