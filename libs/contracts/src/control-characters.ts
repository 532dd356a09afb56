// Owns the one rule for which characters no text may carry: the C0 controls other than tab, line feed and carriage
// return. PostgreSQL refuses U+0000 in text (so a stored step would fail on every retry), and none of the others is
// anything a person types. The API refuses them in every request; the workflows' update validators refuse them too,
// so a command that skips the API cannot put one into an issue either. Pure: the workflow bundle imports it.

/** True when `text` holds U+0000–U+001F other than tab, line feed and carriage return. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
  }
  return false;
}

export const CONTROL_CHARACTER_MESSAGE =
  'must not contain control characters (U+0000–U+001F other than tab and newlines)';

/**
 * The paths (`issuesRaised.0.description`) of the strings and keys in `value` that hold a control character, at most
 * `limit` of them. Walks no deeper than `maxDepth` (the API bounds the depth of a body before it gets here).
 */
export function controlCharacterPaths(value: unknown, prefix = '', limit = 20, maxDepth = 64): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (found.length >= limit) return;
    if (typeof node === 'string') {
      if (hasControlCharacter(node)) found.push(path || '(value)');
      return;
    }
    if (typeof node !== 'object' || node === null || depth >= maxDepth) return;
    for (const [key, child] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (hasControlCharacter(key)) found.push(path ? `${path}.(key)` : '(key)');
      walk(child, childPath, depth + 1);
    }
  };
  walk(value, prefix, 0);
  return found.slice(0, limit);
}
