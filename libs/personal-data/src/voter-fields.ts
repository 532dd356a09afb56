// The encrypted voter columns (issues; voter_submissions below), as the repositories that read and write them see
// them. Writers: `sealVoterContacts` gives the four column values (voter_phone, voter_phone_hash, voter_id_number,
// voter_id_number_hash); readers select the ciphertext under the usual names and call `openVoterContacts` on the rows.
import type { PersonalDataCipher } from './personal-data-cipher';

export interface VoterContacts {
  voterPhone: string | null;
  voterIdNumber: string | null;
}

export interface SealedVoterContacts {
  voterPhone: string | null;
  voterPhoneHash: string | null;
  voterIdNumber: string | null;
  voterIdNumberHash: string | null;
}

/** What goes into issues.voter_phone(_hash) and issues.voter_id_number(_hash) for these plaintexts. */
export function sealVoterContacts(cipher: PersonalDataCipher, contacts: VoterContacts): SealedVoterContacts {
  return {
    voterPhone: cipher.encrypt('phone', contacts.voterPhone),
    voterPhoneHash: cipher.hash('phone', contacts.voterPhone),
    voterIdNumber: cipher.encrypt('idNumber', contacts.voterIdNumber),
    voterIdNumberHash: cipher.hash('idNumber', contacts.voterIdNumber),
  };
}

/** The rows with voterPhone and voterIdNumber decrypted (a new object each; other fields as they were). */
export function openVoterContacts<T extends VoterContacts>(cipher: PersonalDataCipher, rows: T[]): T[] {
  return rows.map((row) => ({
    ...row,
    voterPhone: cipher.decrypt('phone', row.voterPhone),
    voterIdNumber: cipher.decrypt('idNumber', row.voterIdNumber),
  }));
}

// voter_submissions' contact columns (a voter who wrote through a QR code left a phone number, an email address or
// both), kept like the issues' voter contacts: ciphertext under the usual names, a keyed hash beside each. The phone
// is hashed as the issues' phone is, so one lookup by number finds both.
export interface SubmissionContacts {
  contactPhone: string | null;
  contactEmail: string | null;
}

export interface SealedSubmissionContacts {
  contactPhone: string | null;
  contactPhoneHash: string | null;
  contactEmail: string | null;
  contactEmailHash: string | null;
}

/** What goes into voter_submissions.contact_phone(_hash) and contact_email(_hash) for these plaintexts. */
export function sealSubmissionContacts(
  cipher: PersonalDataCipher,
  contacts: SubmissionContacts,
): SealedSubmissionContacts {
  return {
    contactPhone: cipher.encrypt('phone', contacts.contactPhone),
    contactPhoneHash: cipher.hash('phone', contacts.contactPhone),
    contactEmail: cipher.encrypt('email', contacts.contactEmail),
    contactEmailHash: cipher.hash('email', contacts.contactEmail),
  };
}

/** The rows with contactPhone and contactEmail decrypted (a new object each; other fields as they were). */
export function openSubmissionContacts<T extends SubmissionContacts>(cipher: PersonalDataCipher, rows: T[]): T[] {
  return rows.map((row) => ({
    ...row,
    contactPhone: cipher.decrypt('phone', row.contactPhone),
    contactEmail: cipher.decrypt('email', row.contactEmail),
  }));
}
