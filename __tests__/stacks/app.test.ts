import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthApp } from '../../stacks/app';
import { loadAccounts } from '../../stacks/config-file';

/** Every file under `dir`, relative path → bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

describe('synthApp', () => {
  const accounts = loadAccounts(path.join(__dirname, '..', '..', 'trailwatch.config.json'));
  const outdirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'trailwatch-synth-')));
  afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('writes one stack folder per account, with the notifier package as an asset', () => {
    const result = synthApp(accounts, outdirs[0]);
    expect(result).toEqual({ outdir: outdirs[0], stackIds: ['trailwatch-hdclabs', 'trailwatch-management'] });
    for (const id of result.stackIds) {
      const stack = JSON.parse(fs.readFileSync(path.join(outdirs[0], 'stacks', id, 'cdk.tf.json'), 'utf8'));
      const fn = Object.values(stack.resource.aws_lambda_function as Record<string, { filename: string }>)[0];
      expect(fs.existsSync(path.join(outdirs[0], 'stacks', id, fn.filename))).toBe(true);
    }
  });

  it('is byte-identical when repeated, asset zips included', async () => {
    // A later synth in a new second: anything time-dependent would differ.
    await new Promise((done) => setTimeout(done, 1100));
    synthApp(accounts, outdirs[1]);
    const [first, second] = outdirs.map(tree);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    expect([...first.keys()].some((file) => file.endsWith('.zip'))).toBe(true);
    for (const [file, bytes] of first) expect({ file, same: bytes.equals(second.get(file)!) }).toEqual({ file, same: true });
  });


  it('keeps the stack trace of an error thrown while synthesizing', () => {
    const broken = { ...accounts[0], detections: [...accounts[0].detections, ...Array.from({ length: 100 }, () => accounts[0].detections[0])] };
    let thrown: Error | undefined;
    try {
      synthApp([broken], outdirs[1]);
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.message).toMatch(/^Detections trailwatch-hdclabs\/pipeline\/detections: detections: 117 detections need as many metric filters/);
    expect(thrown?.stack).toMatch(/\n\s+at .*Detections/);
  });
});
