import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The trailwatch package root: the nearest folder above `from` whose package.json is trailwatch's. The same
 * walk finds the repository checkout and an installed copy (`node_modules/trailwatch`), from source or from
 * the compiled `dist/lib`.
 */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'trailwatch') return dir;
    if (path.dirname(dir) === dir) throw new Error(`trailwatch package root not found above ${from}`);
  }
}
