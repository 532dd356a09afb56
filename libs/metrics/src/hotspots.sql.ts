// Hot spots (热点): where and about what issues keep coming — counts by place × category × China month, and the
// problems raised most often again (an issue and the later issues of its place and category that the duplicate
// finder judges alike within its window). Every issue submitted in the period counts, merged voter submissions
// never (they are not issues: a voter's submission merged into an issue adds a voter to it, not a collected issue).
import { DUPLICATE_SCORE_THRESHOLD, DUPLICATE_WINDOW_DAYS } from '@app/database';
import { chinaDayStart, pathWithin, SqlParams, type BuiltQuery } from './sql-params';
import type { Period } from './period';

function scoped(path: string, period: Period, p: SqlParams): string {
  return (
    `${pathWithin('issue.region_path', path, p)} ` +
    `AND issue.submitted_at >= ${chinaDayStart(period.from, p)} AND issue.submitted_at < ${chinaDayStart(period.to, p)}`
  );
}

/** Rows: placeId, placeName, categoryId, categoryName, month (YYYY-MM, China), count, issues ({id, number}, oldest first); largest first. */
export function hotspotCellsQuery(path: string, period: Period, limit: number): BuiltQuery {
  const p = new SqlParams();
  const where = scoped(path, period, p);
  return {
    sql: `SELECT place.id AS "placeId", place.name AS "placeName", category.id AS "categoryId",
                 category.name_zh AS "categoryName",
                 to_char(issue.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS count,
                 json_agg(json_build_object('id', issue.id, 'number', issue.number) ORDER BY issue.submitted_at) AS issues
            FROM issues issue
            JOIN regions place ON place.id = issue.place_region_id
            JOIN issue_categories category ON category.id = issue.category_id
           WHERE ${where}
           GROUP BY place.id, place.name, category.id, category.name_zh, month
           ORDER BY count DESC, month DESC, place.name, category.name_zh
           LIMIT ${p.add(limit)}`,
    params: p.values,
  };
}

/**
 * Rows: the first issue of each repeated problem (one no earlier issue is alike to) with the ids of the later ones
 * alike to it, most repeated first. Pairs are only formed inside one place and category, so the work is the sum of
 * the squares of the cells' sizes, not of the whole period's.
 */
export function repeatedProblemsQuery(path: string, period: Period, limit: number): BuiltQuery {
  const p = new SqlParams();
  const where = scoped(path, period, p);
  const window = p.add(`${DUPLICATE_WINDOW_DAYS} days`, 'interval');
  const threshold = p.add(DUPLICATE_SCORE_THRESHOLD);
  return {
    sql: `WITH scoped AS (
            SELECT issue.id, issue.number, issue.description, issue.place_region_id, issue.category_id,
                   issue.submitted_at, issue_text_grams(issue.description, place.name) AS grams,
                   place.name AS place_name, category.name_zh AS category_name
              FROM issues issue
              JOIN regions place ON place.id = issue.place_region_id
              JOIN issue_categories category ON category.id = issue.category_id
             WHERE ${where}),
          alike AS (
            SELECT first.id AS first_id, later.id AS later_id, later.number AS later_number, later.submitted_at AS later_at
              FROM scoped first JOIN scoped later
                ON later.place_region_id = first.place_region_id AND later.category_id = first.category_id
               AND (later.submitted_at, later.id) > (first.submitted_at, first.id)
               AND later.submitted_at <= first.submitted_at + ${window}
               AND issue_text_similarity(first.grams, later.grams) >= ${threshold})
          SELECT first.id, first.number, first.description, first.place_name AS "placeName",
                 first.category_name AS "categoryName", first.submitted_at AS "submittedAt",
                 json_agg(json_build_object('id', alike.later_id, 'number', alike.later_number) ORDER BY alike.later_at)
                   AS repeats
            FROM scoped first JOIN alike ON alike.first_id = first.id
           WHERE NOT EXISTS (SELECT 1 FROM alike earlier WHERE earlier.later_id = first.id)
           GROUP BY first.id, first.number, first.description, first.place_name, first.category_name,
                    first.submitted_at
           ORDER BY count(*) DESC, first.submitted_at DESC
           LIMIT ${p.add(limit)}`,
    params: p.values,
  };
}
