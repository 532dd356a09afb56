// withTransientRetry against real PostgreSQL: two transactions that lock two rows in opposite orders deadlock; the
// one PostgreSQL aborts (40P01) is run again at once and both commit, the retry counted. Any other error is thrown
// at the first attempt.
import type { DataSource } from 'typeorm';
import { createDataSource, queryRows, retryingTransaction, transientRetries } from '@app/database';
import { createMigratedDatabase } from '../support/database';

describe('withTransientRetry', () => {
  let setup: DataSource;
  let pool: DataSource;

  beforeAll(async () => {
    const created = await createMigratedDatabase('retry');
    setup = created.dataSource;
    pool = await createDataSource(created.url, { extra: { max: 4 }, logging: false }).initialize();
    await setup.query(`CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)`);
    await setup.query(`INSERT INTO counters VALUES (1, 0), (2, 0)`);
  });

  afterAll(async () => {
    await pool?.destroy();
    await setup?.destroy();
  });

  it('runs a transaction PostgreSQL chose as a deadlock victim again, and counts it', async () => {
    const before = transientRetries.byCode()['40P01'] ?? 0;
    // Both first lock their own row, then wait until the other has too: the second locks are sure to cross.
    let locked = 0;
    const bothLocked = async () => {
      locked++;
      while (locked < 2) await new Promise((resolve) => setImmediate(resolve));
    };
    let runs = 0;
    const crossing = (first: number, second: number) =>
      retryingTransaction(pool, `counters ${first}→${second}`, async (tx) => {
        runs++;
        await tx.query(`UPDATE counters SET n = n + 1 WHERE id = $1`, [first]);
        await bothLocked();
        await tx.query(`UPDATE counters SET n = n + 1 WHERE id = $1`, [second]);
      });
    await Promise.all([crossing(1, 2), crossing(2, 1)]);

    expect(runs).toBe(3); // the victim ran twice
    expect(transientRetries.byCode()['40P01']).toBe(before + 1);
    expect(await queryRows(setup, `SELECT id, n FROM counters ORDER BY id`)).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('throws any other error at once', async () => {
    let runs = 0;
    await expect(
      retryingTransaction(pool, 'bad data', async (tx) => {
        runs++;
        await tx.query(`INSERT INTO counters VALUES (3, NULL)`);
      }),
    ).rejects.toMatchObject({ driverError: { code: '23502' } });
    expect(runs).toBe(1);
  });
});
