// Owns how a work list's search box finds an issue by its voter's phone: a search that looks like a whole phone
// number is also looked up by the phone's keyed hash (the phone itself is stored encrypted).
import { normalizeForLookup, type PersonalDataCipher } from '@app/personal-data';

/** Digits, spaces, + and -: a phone number as people type it. */
const PHONE_LIKE = /^[\d\s+-]+$/;

/** The keyed hash to match voters' phones against, when `q` is a phone number (at least 7 digits); else undefined. */
export function searchedPhoneHash(cipher: PersonalDataCipher, q: string | undefined): string | undefined {
  if (q === undefined || !PHONE_LIKE.test(q) || normalizeForLookup('phone', q).length < 7) return undefined;
  return cipher.hash('phone', q) ?? undefined;
}
