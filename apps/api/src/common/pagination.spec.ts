import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { pageOf, PageQuery } from './pagination';

describe('PageQuery', () => {
  const parse = (query: Record<string, string>) => plainToInstance(PageQuery, query);

  it('defaults to the first 20 and converts query text to numbers', () => {
    expect(parse({})).toMatchObject({ page: 1, limit: 20, offset: 0 });
    expect(parse({ page: '3', limit: '50' })).toMatchObject({ page: 3, limit: 50, offset: 100 });
  });

  it('allows at most 100 a page', () => {
    expect(validateSync(parse({ limit: '100' }))).toEqual([]);
    expect(validateSync(parse({ limit: '101' })).map((e) => e.property)).toEqual(['limit']);
    expect(validateSync(parse({ page: '0', limit: 'x' })).map((e) => e.property)).toEqual(['page', 'limit']);
  });

  it('converts decimal digits only: 1e1, 0x10, blanks and fractions stay text and fail', () => {
    for (const limit of ['1e1', '0x10', ' 5', '', '1.5', '+5']) {
      expect({ limit, errors: validateSync(parse({ limit })).map((e) => e.property) }).toEqual({
        limit,
        errors: ['limit'],
      });
    }
  });

  it('wraps a page of rows', () => {
    expect(pageOf(['a'], 41, { page: 3, limit: 20 })).toEqual({ items: ['a'], page: 3, limit: 20, total: 41 });
  });
});
