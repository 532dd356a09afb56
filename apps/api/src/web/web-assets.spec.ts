import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { projectRoot, WebAssets } from './web-assets';

describe('WebAssets', () => {
  const assets = new WebAssets();

  it('serves from dist/web under the project root', () => {
    expect(assets.root).toBe(join(projectRoot(), 'dist', 'web'));
    expect(existsSync(join(projectRoot(), 'package.json'))).toBe(true);
  });

  it('never resolves a path outside dist/web, nor a hidden file', () => {
    for (const segments of [
      ['..', 'package.json'],
      ['assets', '..', '..', 'package.json'],
      ['assets/../../package.json'],
      ['..\\package.json'],
      ['.env'],
      ['assets', '.hidden.js'],
      [''],
      [],
    ]) {
      expect(assets.resolve(segments)).toBeNull();
    }
  });

  it('resolves files that exist, and only those', () => {
    expect(assets.resolve(['no-such-file.js'])).toBeNull();
    if (!assets.built) return; // the browser suite checks the served app once it is built
    const index = assets.resolve(['index.html']);
    expect(index).toBe(join(assets.root, 'index.html'));
    expect(index?.startsWith(assets.root + sep)).toBe(true);
  });
});
