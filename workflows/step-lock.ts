// Lets one step at a time change the issue: an update handler or a timer step holds the lock across its activities,
// so the transitions it records are never interleaved with another step's.
import { condition } from '@temporalio/workflow';

export class StepLock {
  private held = false;

  async run<T>(step: () => Promise<T>): Promise<T> {
    // Several waiters can be woken in one activation: re-check after each wake so only one of them takes the lock.
    while (this.held) await condition(() => !this.held);
    this.held = true;
    try {
      return await step();
    } finally {
      this.held = false;
    }
  }
}
