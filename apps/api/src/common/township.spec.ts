import { liesInTownship } from './township';

describe("the place lies in the station's township", () => {
  const township = 'T';
  it('accepts the township itself and its villages and communities', () => {
    expect(liesInTownship({ id: 'T', level: 'township', parentId: 'C' }, township)).toBe(true);
    expect(liesInTownship({ id: 'V', level: 'village', parentId: 'T' }, township)).toBe(true);
  });
  it('refuses another township, its villages, and the county above', () => {
    expect(liesInTownship({ id: 'U', level: 'township', parentId: 'C' }, township)).toBe(false);
    expect(liesInTownship({ id: 'W', level: 'village', parentId: 'U' }, township)).toBe(false);
    expect(liesInTownship({ id: 'C', level: 'county', parentId: null }, township)).toBe(false);
  });
});
