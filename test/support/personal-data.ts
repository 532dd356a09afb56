// What the fixtures write into the encrypted voter columns: the apps' own cipher, with the keys the tests' apps use
// (the development keys, unless the environment sets others), so a fixture row reads back as the API would write it.
import { personalDataKeySettings } from '@app/config';
import { PersonalDataCipher, sealVoterContacts, type SealedVoterContacts } from '@app/personal-data';

export const testCipher = new PersonalDataCipher(personalDataKeySettings(process.env));

export function sealedVoter(phone: string | null, idNumber: string | null): SealedVoterContacts {
  return sealVoterContacts(testCipher, { voterPhone: phone, voterIdNumber: idNumber });
}
