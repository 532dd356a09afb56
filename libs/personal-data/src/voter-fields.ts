// The issues table's encrypted voter columns, as the repositories that read and write them see them. Writers:
// `sealVoterContacts` gives the four column values (voter_phone, voter_phone_hash, voter_id_number,
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
