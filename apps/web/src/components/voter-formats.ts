// The formats the API accepts for a voter's contact details and for usernames, written again for the browser so a
// form can say what is wrong before sending (apps/api/src/issues/voter-formats.ts and users.dto.ts are the originals;
// test/web/voter-formats.spec.ts checks that the two agree). No imports: it runs in the browser and in jest alike.

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const ID_NUMBER = /^\d{17}[\dX]$/;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function isVoterPhone(value: string): boolean {
  if (value.length > 20) return false;
  const compact = value.replace(/\s/g, '');
  const mobile = compact.replace(/^(\+86|0086)-?/, '');
  return MOBILE.test(mobile) || LANDLINE.test(compact);
}

export function isResidentIdNumber(value: string): boolean {
  const id = value.trim().toUpperCase();
  if (!ID_NUMBER.test(id)) return false;
  const [year, month, day] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
  if (year < 1900 || birth.getTime() > Date.now()) return false;
  const sum = ID_WEIGHTS.reduce((total, weight, index) => total + weight * Number(id[index]), 0);
  return ID_CHECK[sum % 11] === id[17];
}
