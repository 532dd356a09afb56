import { maskAddress, maskIdNumber, maskName, maskPhone } from './masking';

describe('masking', () => {
  it.each([
    ['张三丰', '张**'],
    ['张三', '张**'],
    ['欧阳娜娜', '欧**'],
    ['  李四 ', '李**'],
    ['王', '*'],
    ['', ''],
  ])('name %j → %j', (name, masked) => expect(maskName(name)).toBe(masked));

  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
    ['0730-8123456', '073****3456'],
    ['12345', '****'],
    ['', '****'],
  ])('phone %j → %j', (phone, masked) => expect(maskPhone(phone)).toBe(masked));

  it.each([
    ['430621199001011234', '430621********1234'],
    ['43062119900101123x', '430621********123X'],
    ['430621900101123', '430621*****1123'],
    ['E12345678', '*******78'],
    ['AB', '**'],
  ])('id number %j → %j', (id, masked) => expect(maskIdNumber(id)).toBe(masked));

  it('keeps only the township of an address', () => {
    expect(maskAddress('岳阳市岳阳县荣家湾镇')).toBe('岳阳市岳阳县荣家湾镇***');
    expect(maskAddress(null)).toBe('***');
  });

  it('never shows the date of birth of an ID number', () => {
    expect(maskIdNumber('430621199001011234')).not.toContain('19900101');
  });
});
