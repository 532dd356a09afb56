import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding Lianluo's package.json, found from this file whether it runs from source or dist/. */
export function findProjectRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'lianluo') {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`Cannot find the Lianluo project root above ${start}`);
  }
}
