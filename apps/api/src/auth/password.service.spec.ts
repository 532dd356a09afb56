import { PasswordService } from './password.service';

describe('PasswordService', () => {
  const passwords = new PasswordService();

  it('hashes with argon2id and verifies', async () => {
    const hash = await passwords.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await passwords.verify(hash, 'correct horse battery')).toBe(true);
    expect(await passwords.verify(hash, 'wrong horse battery')).toBe(false);
    expect(await passwords.verify(null, 'anything')).toBe(false);
    expect(await passwords.verify('not-a-hash', 'anything')).toBe(false);
    expect(passwords.needsRehash(hash)).toBe(false);
  });

  it('states the policy in words', () => {
    expect(passwords.policyProblems('short', { username: 'admin' })).toEqual([
      'password must be at least 10 characters',
    ]);
    expect(passwords.policyProblems('x-admin-x-long', { username: 'admin' })).toEqual([
      'password must not contain the username',
    ]);
    expect(passwords.policyProblems('same-old-password', { username: 'u1', oldPassword: 'same-old-password' })).toEqual(
      ['password must differ from the current one'],
    );
    expect(passwords.policyProblems('口令口令口令口令口令', { username: 'u1' })).toEqual([]);
    expect(passwords.policyProblems('x'.repeat(129), { username: 'u1' })).toEqual([
      'password must be at most 128 characters',
    ]);
  });
});
