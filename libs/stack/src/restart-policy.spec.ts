import { RestartPolicy } from './restart-policy';

describe('RestartPolicy', () => {
  it('backs off, doubling up to the cap, and gives up after the fifth crash within a minute', () => {
    const policy = new RestartPolicy(5, 60_000, 500, 1500);
    expect([0, 1000, 2000, 3000].map((t) => policy.crashed(t))).toEqual([
      { crashes: 1, delayMs: 500 },
      { crashes: 2, delayMs: 1000 },
      { crashes: 3, delayMs: 1500 },
      { crashes: 4, delayMs: 1500 },
    ]);
    expect(policy.crashed(4000)).toEqual({ crashes: 5 });
  });

  it('forgets crashes older than the window', () => {
    const policy = new RestartPolicy(2, 60_000);
    expect(policy.crashed(0).delayMs).toBe(500);
    expect(policy.crashed(61_000)).toEqual({ crashes: 1, delayMs: 500 });
    expect(policy.crashed(62_000)).toEqual({ crashes: 2 });
  });
});
