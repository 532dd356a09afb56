// Owns "now" for every time-based security decision (token expiry, lock-out, reply-link expiry),
// so tests can move time instead of sleeping.
import { Injectable } from '@nestjs/common';

@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
