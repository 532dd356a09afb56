// Waiting for a condition a test can observe, instead of sleeping: polls `probe` until it returns something other
// than undefined, and fails naming what it waited for once `timeoutMs` has passed.
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until the process `pid` (one the test killed, maybe not its own child) has exited. */
export function untilExited(pid: number, what: string, timeoutMs = 30_000): Promise<true> {
  const running = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  return until(`${what} (pid ${pid}) to exit`, () => (running() ? undefined : true), timeoutMs, 50);
}
