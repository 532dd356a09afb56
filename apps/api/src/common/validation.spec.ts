import { Type } from 'class-transformer';
import { IsIn, IsString, MaxLength, ValidateNested } from 'class-validator';
import { InvalidFieldsException } from './api-error';
import { PageQuery } from './pagination';
import { createValidationPipe } from './validation';

class Grant {
  @IsIn(['admin', 'deputy']) role!: string;
}

class Body {
  @IsString() @MaxLength(3) name!: string;
  @ValidateNested({ each: true }) @Type(() => Grant) grants!: Grant[];
}

async function fieldsOf(value: unknown): Promise<Record<string, string[]>> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
  } catch (error) {
    if (error instanceof InvalidFieldsException) return error.fields;
    throw error;
  }
  throw new Error('expected invalid input');
}

describe('createValidationPipe', () => {
  it('names every bad field by its path', async () => {
    expect(await fieldsOf({ name: 'long', grants: [{ role: 'admin' }, { role: 'king', x: 1 }], extra: true })).toEqual({
      name: ['name must be shorter than or equal to 3 characters'],
      'grants.1.role': ['role must be one of the following values: admin, deputy'],
      'grants.1.x': ['grants.1.x is not allowed'],
      extra: ['extra is not allowed'],
    });
  });

  it('refuses keys that could reach a prototype', async () => {
    const polluted = JSON.parse('{"name": "ab", "grants": [{"role": "admin", "__proto__": {"x": 1}}]}') as unknown;
    expect(await fieldsOf(polluted)).toEqual({ 'grants.0.__proto__': ['grants.0.__proto__ is not allowed'] });
  });

  it('refuses a key naming a getter of the DTO (?offset= on a PageQuery) instead of throwing a TypeError', async () => {
    const pipe = createValidationPipe();
    await expect(pipe.transform({ offset: '0' }, { type: 'query', metatype: PageQuery })).rejects.toMatchObject({
      fields: { offset: ['offset is not allowed'] },
    });
  });

  it('turns valid input into the DTO class', async () => {
    const value: unknown = await createValidationPipe().transform(
      { name: 'ab', grants: [{ role: 'deputy' }] },
      { type: 'body', metatype: Body },
    );
    expect(value).toBeInstanceOf(Body);
    expect((value as Body).grants[0]).toBeInstanceOf(Grant);
  });
});
