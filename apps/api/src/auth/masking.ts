// Owns how a voter's personal data looks when it is not yours to see. Pure functions; the rule of who may
// see it unmasked is PersonalDataService's.

/** 张三丰 → 张**, 欧阳娜娜 → 欧**: the surname's first character and a fixed mask (the length is not revealed). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return `${chars[0]}**`;
}

/** 13812345678 → 138****5678; +86 138 1234 5678 → 138****5678; 0730-8123456 → 073****3456. */
export function maskPhone(phone: string): string {
  let digits = phone.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/**
 * 430621199001011234 → 430621********1234: the issuing area code and the last four are kept, the date of
 * birth is hidden. Other documents keep only their last two characters.
 */
export function maskIdNumber(idNumber: string): string {
  const value = idNumber.replace(/\s/g, '').toUpperCase();
  if (value.length >= 15) return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
  if (value.length <= 2) return '*'.repeat(value.length);
  return `${'*'.repeat(value.length - 2)}${value.slice(-2)}`;
}

/** Township level only: 岳阳市岳阳县荣家湾镇*** (the label comes from the township, not from the text). */
export function maskAddress(townshipLabel: string | null): string {
  return `${townshipLabel ?? ''}***`;
}

/** voter@example.com → v***@example.com: the first character and the domain (to tell addresses apart, no more). */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${[...email][0]}***${email.slice(at)}`;
}
