// The browser's copy of the API's input formats must accept and refuse exactly what the API does: a form that
// passes a value the API refuses, or refuses one it accepts, is worse than no check at all.
import { isResidentIdNumber as apiIdNumber, isVoterPhone as apiPhone } from '../../apps/api/src/issues/voter-formats';
import { USERNAME_PATTERN as API_USERNAME } from '../../apps/api/src/users/users.dto';
import { isResidentIdNumber, isVoterPhone, USERNAME_PATTERN } from '../../apps/web/src/components/voter-formats';

describe('the web app checks voter data and usernames as the API does', () => {
  const phones = [
    '13807305678',
    '138 0730 5678',
    '+8613807305678',
    '0086-13807305678',
    '0730-8123456',
    '07308123456',
    '010-12345678',
    '1380730567',
    '23807305678',
    '+86 0730-8123456',
    '12345',
    '',
    '1'.repeat(21),
  ];
  it.each(phones)('phone %j', (phone) => {
    expect(isVoterPhone(phone)).toBe(apiPhone(phone));
  });

  const idNumbers = [
    '430621196505121230',
    '43062119650512123x',
    '11010519491231002X',
    '11010519491231002x',
    '110105194912310021',
    '430621196502301230',
    '430621189905121230',
    '43062119650512123',
    ' 430621196505121230 ',
    '',
  ];
  it.each(idNumbers)('resident ID %j', (id) => {
    expect(isResidentIdNumber(id)).toBe(apiIdNumber(id));
  });

  it('usernames', () => {
    expect(USERNAME_PATTERN.source).toBe(API_USERNAME.source);
  });
});
