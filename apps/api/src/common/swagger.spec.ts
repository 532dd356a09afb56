// The OpenAPI document keys schemas by class name: two documented classes with one name become one schema, and one
// of them is then documented with the other's fields (how attendance's DeputyRef came to require `level`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('documented classes', () => {
  it('have names of their own across the API', () => {
    const owners = new Map<string, string[]>();
    const root = join(__dirname, '..');
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/^(?:export )?class (\w+)[^{]*\{\s*\n\s*@Api\w+\(/gm)) {
        owners.set(match[1], [...(owners.get(match[1]) ?? []), file.slice(root.length + 1)]);
      }
    }
    const shared = [...owners]
      .filter(([, files]) => files.length > 1)
      .map(([name, files]) => `${name}: ${files.join(', ')}`);
    expect(owners.size).toBeGreaterThan(100);
    expect(shared).toEqual([]);
  });
});
