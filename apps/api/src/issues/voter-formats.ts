// Owns the formats of a voter's contact details as a deputy writes them down: a mainland mobile or landline
// number, and the 18-character resident identity card number with its check character (GB 11643-1999).
import { registerDecorator, type ValidationOptions } from 'class-validator';

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const ID_NUMBER = /^\d{17}[\dX]$/;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 13812345678, +86 138 1234 5678, 0730-8123456 (spaces allowed; the country code only before a mobile number). */
export function isVoterPhone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 20) return false;
  const compact = value.replace(/\s/g, '');
  const mobile = compact.replace(/^(\+86|0086)-?/, '');
  return MOBILE.test(mobile) || LANDLINE.test(compact);
}

/** An 18-character resident ID: 17 digits, a real date of birth, and the right check character (X upper or lower). */
export function isResidentIdNumber(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const id = value.trim().toUpperCase();
  if (!ID_NUMBER.test(id)) return false;
  const [year, month, day] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
  if (year < 1900 || birth.getTime() > Date.now()) return false;
  const sum = ID_WEIGHTS.reduce((total, weight, index) => total + weight * Number(id[index]), 0);
  return ID_CHECK[sum % 11] === id[17];
}

function formatDecorator(name: string, test: (value: unknown) => boolean, message: string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message, ...options },
        validator: { validate: test },
      });
}

export const IsVoterPhone = formatDecorator(
  'isVoterPhone',
  isVoterPhone,
  '$property must be a mainland mobile (13812345678) or landline (0730-8123456) number',
);

export const IsResidentIdNumber = formatDecorator(
  'isResidentIdNumber',
  isResidentIdNumber,
  '$property must be an 18-character resident identity card number with a valid check character',
);
