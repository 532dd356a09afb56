// `npm run bench:duplicates`: precision and recall of the duplicate finder (重复件) on the labelled pairs in
// test/fixtures/duplicates/labelled-pairs.json (realistic Chinese descriptions; duplicates and hard negatives: same
// place other problem, same problem other place, the same text outside the window). Each pair is judged as the API
// judges a candidate: same place, same category, within DUPLICATE_WINDOW_DAYS, and the score of the database's own
// functions (the real migrations on an embedded PostgreSQL, in a database created with LC_CTYPE C) at least
// DUPLICATE_SCORE_THRESHOLD. Prints the figures at that threshold, a sweep of thresholds, the text-only figures (no
// place/category/window gate), and the misses and false alarms at the threshold.
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DUPLICATE_SCORE_THRESHOLD, DUPLICATE_WINDOW_DAYS, migrate } from '@app/database';
import { findProjectRoot, freePort, startEmbeddedPostgres } from '@app/stack';

interface LabelledIssue {
  id: string;
  placeName: string;
  categoryName: string;
  day: number;
  text: string;
}
interface LabelledPair {
  a: string;
  b: string;
  duplicate: boolean;
  kind: string;
}
interface Scored extends LabelledPair {
  score: number;
  gated: boolean;
}

function say(message: string): void {
  process.stdout.write(`[bench:duplicates] ${message}\n`);
}

function figures(pairs: Scored[], threshold: number, gate: boolean) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const pair of pairs) {
    const found = (!gate || pair.gated) && pair.score >= threshold;
    if (found && pair.duplicate) tp += 1;
    else if (found) fp += 1;
    else if (pair.duplicate) fn += 1;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const root = findProjectRoot();
  const set = JSON.parse(readFileSync(join(root, 'test/fixtures/duplicates/labelled-pairs.json'), 'utf8')) as {
    issues: LabelledIssue[];
    pairs: LabelledPair[];
  };
  const issues = new Map(set.issues.map((issue) => [issue.id, issue]));
  const dataDir = await mkdtemp(join(tmpdir(), 'lianluo-bench-duplicates-'));
  await chmod(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port: await freePort() });
  try {
    // LC_CTYPE C: the locale under which pg_trgm would see no Chinese at all; the finder must not care.
    const admin = new Client({ connectionString: postgres.urlFor('postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE bench_c TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
    await admin.end();
    const db = await migrate(postgres.urlFor('bench_c'));
    const pairs = set.pairs.map((pair) => ({ pair, a: issues.get(pair.a)!, b: issues.get(pair.b)! }));
    const missing = pairs.find(({ a, b }) => !a || !b);
    if (missing) throw new Error(`pair ${missing.pair.a} / ${missing.pair.b} names an issue the set lacks`);
    // Each text without its own place's name, as the API strips the (shared) place of its candidates.
    const rows = await db.query<{ score: number }[]>(
      `SELECT issue_text_similarity(issue_text_grams(a, pa), issue_text_grams(b, pb)) AS score
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS p(a, pa, b, pb, n)
        ORDER BY n`,
      [
        pairs.map((p) => p.a.text),
        pairs.map((p) => p.a.placeName),
        pairs.map((p) => p.b.text),
        pairs.map((p) => p.b.placeName),
      ],
    );
    await db.destroy();
    const scored: Scored[] = pairs.map(({ pair, a, b }, i) => ({
      ...pair,
      score: Number(rows[i].score),
      gated:
        a.placeName === b.placeName &&
        a.categoryName === b.categoryName &&
        Math.abs(a.day - b.day) <= DUPLICATE_WINDOW_DAYS,
    }));
    const duplicates = scored.filter((p) => p.duplicate).length;
    say(
      `${set.issues.length} descriptions, ${scored.length} labelled pairs: ${duplicates} duplicates, ` +
        `${scored.length - duplicates} not`,
    );
    const kinds = new Map<string, number>();
    for (const pair of scored) kinds.set(pair.kind, (kinds.get(pair.kind) ?? 0) + 1);
    for (const [kind, count] of kinds) say(`  ${String(count).padStart(4)}  ${kind}`);
    say(
      `method: Dice on distinct character bigrams + single characters (boilerplate bigrams and the place's name ` +
        `left out), SQL on PostgreSQL with LC_CTYPE C; gates: same place, same category, within ${DUPLICATE_WINDOW_DAYS} days`,
    );
    say('threshold  precision  recall    F1      (gated)  |  precision  recall  (text alone)');
    for (let t = 0.03; t <= 0.301; t += 0.01) {
      const g = figures(scored, t, true);
      const x = figures(scored, t, false);
      const mark = Math.abs(t - DUPLICATE_SCORE_THRESHOLD) < 1e-9 ? ' ← chosen' : '';
      say(
        `  ${t.toFixed(2)}     ${pct(g.precision).padStart(7)}  ${pct(g.recall).padStart(7)}  ${g.f1.toFixed(3)}` +
          `             |  ${pct(x.precision).padStart(7)}  ${pct(x.recall).padStart(7)}${mark}`,
      );
    }
    const chosen = figures(scored, DUPLICATE_SCORE_THRESHOLD, true);
    for (const pair of scored.filter((p) => p.gated && p.score >= DUPLICATE_SCORE_THRESHOLD && !p.duplicate)) {
      say(`false alarm ${pair.score.toFixed(3)}: ${issues.get(pair.a)!.text} / ${issues.get(pair.b)!.text}`);
    }
    for (const pair of scored.filter((p) => p.duplicate && (!p.gated || p.score < DUPLICATE_SCORE_THRESHOLD))) {
      say(`missed ${pair.score.toFixed(3)}: ${issues.get(pair.a)!.text} / ${issues.get(pair.b)!.text}`);
    }
    say(
      `threshold ${DUPLICATE_SCORE_THRESHOLD}: precision ${pct(chosen.precision)} (${chosen.tp}/${chosen.tp + chosen.fp}), ` +
        `recall ${pct(chosen.recall)} (${chosen.tp}/${chosen.tp + chosen.fn}), F1 ${chosen.f1.toFixed(3)}`,
    );
  } finally {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench:duplicates] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
