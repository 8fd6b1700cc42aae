import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_ACCOUNTS } from '../../main';
import * as unbundled from '../../stacks/app-builder';
import { APP_BUILDER_BUNDLE, buildAppBuilder, loadAppBuilder, type AppBuilder } from '../../stacks/app-loader';

function files(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const walk = (at: string) =>
    fs.readdirSync(at, { withFileTypes: true }).forEach((entry) => {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.set(path.relative(dir, full), fs.readFileSync(full));
    });
  walk(dir);
  return found;
}

describe('the bundled app builder main.ts loads', () => {
  const outdirs = ['bundled', 'modules'].map((name) => fs.mkdtempSync(path.join(os.tmpdir(), `trailwatch-${name}-`)));
  afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('is rebuilt when missing, then reused', () => {
    fs.rmSync(APP_BUILDER_BUNDLE, { force: true });
    const loaded = loadAppBuilder();
    expect(fs.existsSync(APP_BUILDER_BUNDLE)).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(loaded).toBe(require(APP_BUILDER_BUNDLE));
    const builtAt = fs.statSync(APP_BUILDER_BUNDLE).mtimeMs;
    loadAppBuilder();
    expect(fs.statSync(APP_BUILDER_BUNDLE).mtimeMs).toBe(builtAt);
  });

  it('synthesizes exactly what the modules synthesize', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(buildAppBuilder()!) as AppBuilder;
    expect(bundled.synthApp).not.toBe(unbundled.synthApp);
    bundled.synthApp(bundled.parseAccounts(EXAMPLE_ACCOUNTS, 'main.ts'), outdirs[0]);
    unbundled.synthApp(unbundled.parseAccounts(EXAMPLE_ACCOUNTS, 'main.ts'), outdirs[1]);
    const [a, b] = outdirs.map(files);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [file, bytes] of a) expect({ file, same: bytes.equals(b.get(file)!) }).toEqual({ file, same: true });
  });

  it('reports configuration errors like the modules do', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(APP_BUILDER_BUNDLE) as AppBuilder;
    expect(() => bundled.parseAccounts([{ name: 'x' }], 'cfg')).toThrow('cfg: account "x": id: is required (expected string)');
  });
});
