import type { MigrationInterface, QueryRunner } from 'typeorm';

// Repeated issues (重复件, issue #15 item 4): the SQL functions that judge two issue texts alike (the reasons for
// character grams over pg_trgm are in libs/database/src/text-similarity.ts), and the index that finds the issues of
// one place and category in a time window, which is where duplicates are looked for.
//
// The stop list (boilerplate bigrams of complaint writing) lives here, in the function: a later change to it is a
// later migration replacing the function, so a database's scores never depend on which build reads them.
export class DuplicateFinder1764753000000 implements MigrationInterface {
  name = 'DuplicateFinder1764753000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Letters/digits and CJK ideographs by code point, so the locale (LC_CTYPE) changes nothing; lower() only folds
    // ASCII under C, which is all it needs to. The place's own name is taken out first: every text about 城东社区 says
    // 城东社区, and candidates are all of one place, so its grams would only make different problems look alike.
    await queryRunner.query(
      `
      CREATE FUNCTION issue_text_grams(t text, place_name text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
        WITH cleaned AS (
          SELECT regexp_replace(lower(replace(t, place_name, '')), '[^0-9a-z\\u3400-\\u9fff]+', '', 'g') AS s)
        SELECT coalesce(array_agg(DISTINCT g ORDER BY g), '{}')
          FROM (SELECT substr(s, i, 2) AS g FROM cleaned, generate_series(1, length(s) - 1) AS i
                 WHERE substr(s, i, 2) <> ALL ($1::text[])
                UNION ALL
                SELECT substr(s, i, 1) FROM cleaned, generate_series(1, length(s)) AS i) grams
      $fn$`.replace('$1::text[]', `ARRAY[${STOP_BIGRAMS.map((b) => `'${b}'`).join(', ')}]::text[]`),
    );
    await queryRunner.query(`
      CREATE FUNCTION issue_text_similarity(a text[], b text[]) RETURNS double precision
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
        SELECT CASE WHEN cardinality(a) + cardinality(b) = 0 THEN 0::double precision
          ELSE 2.0 * (SELECT count(*) FROM (SELECT unnest(a) INTERSECT SELECT unnest(b)) common)
                   / (cardinality(a) + cardinality(b)) END
      $fn$`);
    await queryRunner.query(
      `CREATE INDEX ix_issues_place_category_submitted_at ON issues (place_region_id, category_id, submitted_at)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_issues_place_category_submitted_at`);
    await queryRunner.query(`DROP FUNCTION issue_text_similarity(text[], text[])`);
    await queryRunner.query(`DROP FUNCTION issue_text_grams(text, text)`);
  }
}

const STOP_BIGRAMS = [
  '希望',
  '反映',
  '群众',
  '居民',
  '村民',
  '建议',
  '请求',
  '尽快',
  '有关',
  '部门',
  '相关',
  '问题',
  '解决',
  '存在',
  '严重',
  '影响',
  '好几',
  '没有',
  '情况',
  '政府',
  '进行',
  '要求',
  '目前',
  '现在',
  '已经',
  '一直',
  '经常',
  '很多',
  '非常',
  '不能',
  '我们',
  '我家',
  '村里',
  '社区',
  '镇上',
  '长期',
  '及时',
  '不到',
  '好久',
  '时候',
  '一下',
  '一个',
  '个月',
  '这个',
  '什么',
  '怎么',
  '没人',
  '人管',
];
