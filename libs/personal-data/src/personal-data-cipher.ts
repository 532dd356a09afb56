// Owns how voters' phone and ID numbers are kept at rest: AES-256-GCM ciphertext that names its key, and a keyed hash
// (HMAC-SHA-256) that finds a row by exact value without decrypting anything. Repositories call it on the way in and
// out; nothing else in the code sees a ciphertext or a key.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { PersonalDataKeySettings } from '@app/config';

/** The personal fields kept encrypted. The name is bound into each ciphertext: one cannot be moved to another. */
/** `name`: an Open311 reporter's first or last name (never looked up, so never hashed). `webhookSecret`: a webhook
 * endpoint's signing key (not personal, but a credential a database copy must not hand out; never hashed). */
export type EncryptedField = 'phone' | 'idNumber' | 'email' | 'name' | 'webhookSecret';

/** Every ciphertext starts so; a CHECK constraint refuses anything else in the encrypted columns. */
export const CIPHERTEXT_PREFIX = 'pd1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A value in an encrypted column that cannot be opened: unknown key, altered, or moved from another field. */
export class PersonalDataDecryptError extends Error {
  constructor(readonly keyId: string | null) {
    super(
      keyId === null
        ? 'not a personal-data ciphertext'
        : `personal data encrypted under key "${keyId}" cannot be opened (key not in PERSONAL_DATA_KEYS, or altered)`,
    );
    this.name = 'PersonalDataDecryptError';
  }
}

/**
 * The form a value is compared in, so that `138 1234 5678`, `+86 13812345678` and `13812345678` are the same phone
 * and `430621199001011234` matches `430621199001011234x`'s upper-case form.
 */
export function normalizeForLookup(field: EncryptedField, value: string): string {
  if (field === 'idNumber') return value.replace(/\s/g, '').toUpperCase();
  // Mailboxes are found case-blind in practice, and the voter's page stores them lower-cased.
  if (field === 'email') return value.trim().toLowerCase();
  if (field === 'name') return value.trim();
  if (field === 'webhookSecret') return value;
  // The country code only before a mobile number, as intake accepts it: +86, 0086 or 86.
  return value.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');
}

export class PersonalDataCipher {
  private readonly keys: Map<string, Buffer>;
  /** The key new ciphertexts are made with: the first of PERSONAL_DATA_KEYS. */
  readonly currentKeyId: string;
  private readonly hashKey: Buffer;

  constructor(settings: PersonalDataKeySettings) {
    const entries = settings.PERSONAL_DATA_KEYS.split(',').map((entry) => {
      const [id, key] = entry.trim().split(':');
      return [id, Buffer.from(key, 'base64')] as const;
    });
    if (!entries.length || entries.some(([, key]) => key.length !== 32))
      throw new Error('PERSONAL_DATA_KEYS must hold 32-byte keys');
    this.keys = new Map(entries);
    this.currentKeyId = entries[0][0];
    this.hashKey = Buffer.from(settings.PERSONAL_DATA_HASH_KEY, 'base64');
  }

  /** `pd1:<keyId>:<base64url(iv | tag | ciphertext)>`, a fresh IV each time; null stays null. */
  encrypt(field: EncryptedField, plaintext: string | null): string | null {
    if (plaintext === null) return null;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.currentKeyId), iv);
    cipher.setAAD(Buffer.from(field));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    return `${CIPHERTEXT_PREFIX}${this.currentKeyId}:${sealed}`;
  }

  /** The plaintext of `encrypt`'s output; throws PersonalDataDecryptError if it cannot be authenticated. */
  decrypt(field: EncryptedField, ciphertext: string | null): string | null {
    if (ciphertext === null) return null;
    const keyId = keyIdOf(ciphertext);
    if (keyId === null) throw new PersonalDataDecryptError(null);
    const key = this.keys.get(keyId);
    const sealed = Buffer.from(ciphertext.slice(CIPHERTEXT_PREFIX.length + keyId.length + 1), 'base64url');
    if (!key || sealed.length < IV_BYTES + TAG_BYTES) throw new PersonalDataDecryptError(keyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(field));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new PersonalDataDecryptError(keyId);
    }
  }

  /**
   * The keyed hash (hex) stored beside a ciphertext and used to find it by exact (normalised) value. Keyed, so that
   * the 10^10 possible phone numbers cannot be hashed by someone holding only the database.
   */
  hash(field: EncryptedField, value: string | null): string | null {
    if (value === null) return null;
    return createHmac('sha256', this.hashKey)
      .update(`${field}:${normalizeForLookup(field, value)}`)
      .digest('hex');
  }

  /** Whether this ciphertext was made under another key than the current one (what key rotation rewrites). */
  needsRotation(ciphertext: string | null): boolean {
    return ciphertext !== null && keyIdOf(ciphertext) !== this.currentKeyId;
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`no personal-data key "${id}"`);
    return key;
  }
}

/** The key id a ciphertext names, or null if it is not one. */
export function keyIdOf(ciphertext: string): string | null {
  if (!ciphertext.startsWith(CIPHERTEXT_PREFIX)) return null;
  const end = ciphertext.indexOf(':', CIPHERTEXT_PREFIX.length);
  return end < 0 ? null : ciphertext.slice(CIPHERTEXT_PREFIX.length, end);
}
