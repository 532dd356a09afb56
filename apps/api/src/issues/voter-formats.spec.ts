import { isResidentIdNumber, isVoterPhone } from './voter-formats';

describe('voter formats', () => {
  it('accepts mainland mobile and landline numbers', () => {
    for (const phone of ['13812345678', '+86 138 1234 5678', '0086-13812345678', '0730-8123456', '07308123456']) {
      expect(isVoterPhone(phone)).toBe(true);
    }
  });

  it('refuses anything else', () => {
    for (const phone of [
      '12812345678',
      '1381234567',
      '138123456789',
      '8123456',
      'phone',
      '',
      42,
      null,
      '+1 555 0100',
    ]) {
      expect(isVoterPhone(phone)).toBe(false);
    }
  });

  it('checks a resident ID’s check character and date of birth', () => {
    expect(isResidentIdNumber('430621199001011234')).toBe(true);
    expect(isResidentIdNumber('11010519491231002x')).toBe(true);
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('430621199001011237')).toBe(false); // wrong check character
    expect(isResidentIdNumber('430621199002301233')).toBe(false); // 30 February, right check character
    expect(isResidentIdNumber('43062119900101123')).toBe(false);
    expect(isResidentIdNumber('4306211990010112341')).toBe(false);
    expect(isResidentIdNumber(4306211990)).toBe(false);
  });
});
