// Lets one step at a time change the issue: an update handler or a timer step holds the lock across its activities,
// so the transitions it records are never interleaved with another step's.
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, condition, currentUpdateInfo, setHandler } from '@temporalio/workflow';
import { CONTROL_CHARACTER_MESSAGE, controlCharacterPaths } from '../libs/contracts/src/control-characters';
import { updateStepKey } from '../libs/contracts/src/issue-workflow';

export class StepLock {
  private held = false;
  /** The ids of the updates whose handler has finished (carried out or refused): a deadline step may stop waiting. */
  readonly settledUpdates = new Set<string>();

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

  /**
   * Registers an update whose check runs as its validator and again once the handler holds the lock (a step that ran
   * in between may have changed the state); the update's id is the step key, so a retried activity finds its rows.
   * `before`, when given, runs after the validator and before the lock is taken (e.g. to let earlier steps go first);
   * it answers a promise only when there is something to wait for, so that an update that need not wait takes the
   * lock in the same turn as before (replayed histories depend on that order).
   */
  handleUpdate<S, I>(
    definition: UpdateDefinition<S, [I]>,
    check: (input: I) => void,
    apply: (input: I, stepKey: string) => Promise<void>,
    snapshot: () => S,
    before?: (input: I) => Promise<void> | undefined,
  ): void {
    setHandler(
      definition,
      async (input: I) => {
        const updateId = currentUpdateInfo()?.id ?? 'unknown';
        const stepKey = updateStepKey(updateId);
        try {
          const waiting = before?.(input);
          if (waiting) await waiting;
          return await this.run(async () => {
            check(input);
            await apply(input, stepKey);
            return snapshot();
          });
        } finally {
          this.settledUpdates.add(updateId);
        }
      },
      {
        validator: (input: I) => {
          refuseControlCharacters(input);
          check(input);
        },
      },
    );
  }
}

/**
 * A control character in any string of an update's input is refused before the update is accepted: stored, it would
 * make the step's activities fail on every retry. In the validator only, so replaying an old history is unchanged.
 */
function refuseControlCharacters(input: unknown): void {
  const [path] = controlCharacterPaths(input, '', 1);
  if (path) {
    throw ApplicationFailure.create({
      type: 'InvalidInput',
      message: `${path} ${CONTROL_CHARACTER_MESSAGE}`,
      nonRetryable: true,
    });
  }
}
