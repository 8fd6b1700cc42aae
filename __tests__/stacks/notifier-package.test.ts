import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { deterministicZip } from '../../lambda/bundle';
import { notifierPackage } from '../../stacks/notifier-package';

const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const BUILD_MODULE = path.resolve(__dirname, '../../lambda/bundle.ts');

describe('deterministicZip', () => {
  const data = Buffer.from('exports.handler = async () => "ok";\n'.repeat(50));

  it('holds the file unchanged as a regular 0644 file dated 1980-01-01', () => {
    const zip = deterministicZip('index.js', data);
    expect(Object.keys(unzipSync(zip))).toEqual(['index.js']);
    expect(Buffer.from(unzipSync(zip)['index.js']).equals(data)).toBe(true);
    // Central directory header: external attributes at +38 carry the Unix mode, date/time at +12/+14.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt32LE(central + 38) >>> 16).toBe(0o100644);
    expect([zip.readUInt16LE(central + 12), zip.readUInt16LE(central + 14)]).toEqual([0, (1 << 5) | 1]);
  });

  it('is a function of its input only', () => {
    expect(deterministicZip('index.js', data).equals(deterministicZip('index.js', Buffer.from(data)))).toBe(true);
    expect(deterministicZip('index.js', data).equals(deterministicZip('index.js', Buffer.from('y'.repeat(1000))))).toBe(false);
  });

  it('has the same bytes in every time zone', () => {
    // Separate processes: a time zone is fixed when a process starts.
    const digest = (TZ: string) =>
      execFileSync(TSX, ['-e', `import { deterministicZip } from ${JSON.stringify(BUILD_MODULE)};
        process.stdout.write(require('node:crypto').createHash('sha256').update(deterministicZip('index.js', Buffer.from('x'))).digest('hex'));`], {
        env: { ...process.env, TZ },
        encoding: 'utf8',
      });
    expect(digest('Asia/Seoul')).toBe(digest('America/Los_Angeles'));
  });
});

describe('notifierPackage', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-package-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the shipped zip as it is and reports the SHA-256 Lambda documents for source_code_hash', () => {
    const zipPath = path.join(dir, 'notifier.zip');
    const zip = deterministicZip('index.js', Buffer.from('exports.handler = async () => 1;'));
    fs.writeFileSync(zipPath, zip);
    const before = fs.statSync(zipPath);
    const pkg = notifierPackage(zipPath);
    expect(pkg).toEqual({ zipPath, sha256: createHash('sha256').update(zip).digest('base64'), sha256Hex: createHash('sha256').update(zip).digest('hex') });
    // Never rewritten, whatever its file times say (npm extracts packages with fresh ones).
    expect(fs.statSync(zipPath).mtimeMs).toBe(before.mtimeMs);
    expect(fs.readFileSync(zipPath).equals(zip)).toBe(true);
  });

  it('fails with one line naming the build command when the zip is missing, and builds nothing', () => {
    const missing = path.join(dir, 'absent', 'notifier.zip');
    expect(() => notifierPackage(missing)).toThrow(`trailwatch: the notifier package ${missing} is missing; run \`npm run build\` in the trailwatch package (synth never builds it).`);
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });
});
