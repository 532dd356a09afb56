import { InvalidFieldsException } from './api-error';
import { controlCharacterFields, jsonDepth, MAX_JSON_DEPTH, refuseDeepJson } from './input-guard';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('jsonDepth', () => {
  it('counts nesting of arrays and objects, not brackets inside strings', () => {
    expect(jsonDepth(bytes('1'))).toBe(0);
    expect(jsonDepth(bytes('{"a":[1,{"b":[]}]}'))).toBe(4);
    expect(jsonDepth(bytes('{"a":"[[[{{{","b":"\\"[["}'))).toBe(1);
    expect(jsonDepth(bytes('{"路":"[{","a":[[]]}'))).toBe(3);
  });

  it('refuses a body deeper than MAX_JSON_DEPTH before it is parsed, naming the body', () => {
    const deep = (levels: number) => bytes(`${'['.repeat(levels)}${']'.repeat(levels)}`);
    expect(() => refuseDeepJson(null, null, deep(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => refuseDeepJson(null, null, deep(MAX_JSON_DEPTH + 1))).toThrow(InvalidFieldsException);
    expect(() => refuseDeepJson(null, null, deep(100_000))).toThrow(InvalidFieldsException);
  });
});

describe('controlCharacterFields', () => {
  it('names every string and key holding a C0 control other than tab and newlines', () => {
    expect(controlCharacterFields({ a: 'x\ty\r\nz', b: ['ok'] }, { q: 'fine' })).toBeNull();
    const fields = controlCharacterFields(
      { username: 'a\u0000b', issuesRaised: [{ description: 'ok' }, { description: '\u001b[31m' }] },
      { q: '\u0007' },
    );
    expect(Object.keys(fields ?? {})).toEqual(['username', 'issuesRaised.1.description', 'q']);
    expect(Object.keys(controlCharacterFields({ ['k\u0000']: 'v' }) ?? {})).toEqual(['(key)']);
  });
});
