// Owns password hashing (argon2id) and the password policy.
import { Injectable } from '@nestjs/common';
import { randomBytes, randomInt } from 'node:crypto';
import * as argon2 from 'argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~30 ms per hash; raise it and old hashes are upgraded at sign-in. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
/** Bounded so that a megabyte "password" cannot make a hash expensive. */
export const PASSWORD_MAX_LENGTH = 128;

/** Letters and digits that cannot be mistaken for one another when read out or copied from a screen. */
const ONE_TIME_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** 12 of 31 symbols: about 59 bits, far beyond guessing within the sign-in lock-out, and short enough to type. */
const ONE_TIME_LENGTH = 12;

@Injectable()
export class PasswordService {
  // Verified against when the user does not exist, so an unknown username costs as long as a wrong password.
  private readonly dummyHash = argon2.hash(randomBytes(16).toString('hex'), ARGON2_OPTIONS);

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  /** False for a wrong password, a missing hash or a malformed one. */
  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash) {
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }

  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, ARGON2_OPTIONS);
    } catch {
      return true;
    }
  }

  /** A random password an admin hands over; it meets the policy, so the user can sign in with it. */
  oneTimePassword(username: string): string {
    for (;;) {
      const password = Array.from(
        { length: ONE_TIME_LENGTH },
        () => ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)],
      ).join('');
      if (!this.policyProblems(password, { username }).length) return password;
    }
  }

  /** Problems with a new password, in words for the user; empty when it is acceptable. */
  policyProblems(password: string, context: { username: string; oldPassword?: string }): string[] {
    const problems: string[] = [];
    if ([...password].length < PASSWORD_MIN_LENGTH) {
      problems.push(`password must be at least ${PASSWORD_MIN_LENGTH} characters`);
    }
    if ([...password].length > PASSWORD_MAX_LENGTH) {
      problems.push(`password must be at most ${PASSWORD_MAX_LENGTH} characters`);
    }
    if (password.toLowerCase().includes(context.username.toLowerCase())) {
      problems.push('password must not contain the username');
    }
    if (context.oldPassword !== undefined && password === context.oldPassword) {
      problems.push('password must differ from the current one');
    }
    return problems;
  }
}
