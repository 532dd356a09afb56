// Owns how two issue texts are judged alike (重复件): the SQL functions the migration 1764753000000-duplicate-finder
// creates, the threshold the API shows candidates above, and the stop list they share. The benchmark
// (`npm run bench:duplicates`) measures precision and recall of exactly these functions on real PostgreSQL.
//
// Why character grams and not pg_trgm: pg_trgm keeps only the characters the database's LC_CTYPE calls alphanumeric.
// Under the C locale (what `initdb --locale=C`, many images and some managed services give) it drops every Chinese
// character: show_trgm('城东社区路灯损坏') is empty and any two Chinese texts score 0; under C.UTF-8 it works. The
// embedded server takes its locale from the environment, so the same code would find duplicates on one machine and
// none on another. Chinese has no spaces to split words at, and a segmenter (jieba and the like) is a dictionary to
// ship and keep. Character bigrams are the classic locale-free answer for Chinese retrieval: 路灯损坏 → 路灯 灯损 损坏.
// Single characters are added because voters paraphrase (路灯坏了 / 路灯损坏 share 路灯 and 坏 but only one bigram);
// on the labelled set they raise recall at the same precision. Boilerplate bigrams of complaint writing (希望, 反映,
// 尽快, 有关部门…; the list is in the migration) are dropped: they join texts about different problems. The score is Dice's coefficient,
// 2|A∩B| / (|A|+|B|), on the distinct grams. Only the ASCII letters/digits and CJK ideographs count, by code point
// ranges, so the result is the same under any locale (measured under C and C.UTF-8: identical).
//
// The text is only one of the gates: a candidate must also be about the same place (village/community) and category
// and be submitted within the window; the candidate set is therefore small and the grams are computed per query
// (no stored column, nothing to backfill or keep in step with the description).

/** Candidates scoring at least this are shown as likely duplicates (chosen by the benchmark; see its report). */
export const DUPLICATE_SCORE_THRESHOLD = 0.07;

/** Candidates are looked for among issues submitted this many days before (and after) the reference time. */
export const DUPLICATE_WINDOW_DAYS = 60;

/**
 * The grams of a text about a place, without the place's own name: `issue_text_grams(text, placeName)`; the score of
 * two gram arrays: `issue_text_similarity(a, b)`.
 */
export const TEXT_GRAMS_FUNCTION = 'issue_text_grams';
export const TEXT_SIMILARITY_FUNCTION = 'issue_text_similarity';
