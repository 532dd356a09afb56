import { DEV_PERSONAL_DATA_HASH_KEY } from '@app/config';
import { keyIdOf, normalizeForLookup, PersonalDataCipher, PersonalDataDecryptError } from './personal-data-cipher';

const key = (fill: string) => Buffer.alloc(32, fill).toString('base64');
const old = new PersonalDataCipher({ PERSONAL_DATA_KEYS: `k1:${key('a')}`, PERSONAL_DATA_HASH_KEY: key('h') });
const rotated = new PersonalDataCipher({
  PERSONAL_DATA_KEYS: `k2:${key('b')},k1:${key('a')}`,
  PERSONAL_DATA_HASH_KEY: key('h'),
});

describe('PersonalDataCipher', () => {
  it('round-trips, with a fresh IV each time and the key id in the text', () => {
    const a = old.encrypt('phone', '13812345678')!;
    const b = old.encrypt('phone', '13812345678')!;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^pd1:k1:[A-Za-z0-9_-]+$/);
    expect(a).not.toContain('13812345678');
    expect(old.decrypt('phone', a)).toBe('13812345678');
    expect(old.decrypt('idNumber', old.encrypt('idNumber', '43062119900101123X'))).toBe('43062119900101123X');
    expect(old.encrypt('phone', null)).toBeNull();
    expect(old.decrypt('phone', null)).toBeNull();
  });

  it('refuses an altered ciphertext, one moved to another field, and an unknown key', () => {
    const sealed = old.encrypt('phone', '13812345678')!;
    const body = sealed.slice('pd1:k1:'.length);
    const flipped = `pd1:k1:${body.slice(0, -2)}${body.at(-2) === 'A' ? 'B' : 'A'}${body.at(-1)}`;
    expect(() => old.decrypt('phone', flipped)).toThrow(PersonalDataDecryptError);
    expect(() => old.decrypt('idNumber', sealed)).toThrow(PersonalDataDecryptError);
    expect(() => old.decrypt('phone', '13812345678')).toThrow(/not a personal-data ciphertext/);
    expect(() => old.decrypt('phone', rotated.encrypt('phone', '1'))).toThrow(/key "k2"/);
  });

  it('after rotation encrypts under the first key and still opens the old one', () => {
    const before = old.encrypt('phone', '13812345678')!;
    expect(rotated.needsRotation(before)).toBe(true);
    expect(rotated.decrypt('phone', before)).toBe('13812345678');
    const after = rotated.encrypt('phone', '13812345678')!;
    expect(keyIdOf(after)).toBe('k2');
    expect(rotated.needsRotation(after)).toBe(false);
  });

  it('hashes the normalised value with its own key, per field', () => {
    expect(old.hash('phone', '+86 138 1234 5678')).toBe(old.hash('phone', '13812345678'));
    expect(old.hash('phone', '0086-13812345678')).toBe(old.hash('phone', '138-1234-5678'));
    expect(old.hash('idNumber', '43062119900101123x')).toBe(old.hash('idNumber', '43062119900101123X'));
    expect(old.hash('phone', '13812345678')).toBe(rotated.hash('phone', '13812345678'));
    expect(old.hash('phone', '13812345678')).not.toBe(old.hash('idNumber', '13812345678'));
    const otherHashKey = new PersonalDataCipher({
      PERSONAL_DATA_KEYS: `k1:${key('a')}`,
      PERSONAL_DATA_HASH_KEY: DEV_PERSONAL_DATA_HASH_KEY,
    });
    expect(otherHashKey.hash('phone', '13812345678')).not.toBe(old.hash('phone', '13812345678'));
    expect(normalizeForLookup('phone', '0730-8123456')).toBe('07308123456');
  });
});
