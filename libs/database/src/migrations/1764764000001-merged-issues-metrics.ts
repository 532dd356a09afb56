import type { MigrationInterface, QueryRunner } from 'typeorm';

// Merged issues leave the supervision figures (issue #15 item 4; the rule is in libs/metrics/src/metric-definitions.ts):
// an issue merged into another is not collected, answered or rated on its own; the issue it joined carries the one
// handling and counts once. The facts' source (the view the triggers and metrics.rebuild() read) leaves merged issues
// out, and a trigger after the issues_metrics one takes the fact of an issue out when it is merged (the delete
// trigger on metrics.issue_facts takes its shares out of the rollups).
const factSource = (where: string): string => `
      CREATE OR REPLACE VIEW metrics.issue_fact_source AS
      SELECT i.id AS issue_id,
             i.submitted_at,
             metrics.china_day(i.submitted_at) AS submitted_day,
             i.region_path,
             coalesce(place.ids, metrics.rollup_regions(i.region_path)) AS region_ids,
             i.station_id,
             i.deputy_id,
             i.category_id,
             i.lead_department_id,
             i.status,
             i.status NOT IN ('closed', 'awaiting_feedback') AS is_open,
             i.escalation_level,
             CASE WHEN i.status IN ('assigned', 'acknowledged', 'overdue', 'escalated') THEN i.due_at
                  WHEN i.status = 'follow_up' THEN metrics.end_of_china_day(i.promised_date) END AS deadline_at,
             (i.assigned_at IS NOT NULL)::int::smallint AS assigned,
             (i.first_replied_at IS NOT NULL)::int::smallint AS replied,
             (i.first_replied_at IS NOT NULL AND coalesce(first_reply.on_time, false))::int::smallint AS replied_on_time,
             CASE WHEN i.first_replied_at IS NOT NULL THEN greatest(0, metrics.working_days_between(
               metrics.china_day(i.submitted_at), metrics.china_day(i.first_replied_at))) END AS reply_working_days,
             i.reply_class,
             i.satisfaction,
             EXISTS (SELECT 1 FROM public.issue_events e
                      WHERE e.issue_id = i.id AND e.type = 'escalated')::int::smallint AS escalated,
             i.send_back_count AS send_backs
        FROM public.issues i
        LEFT JOIN metrics.region_rollup_regions place ON place.path = i.region_path
        LEFT JOIN LATERAL (SELECT r.on_time FROM public.replies r
                            WHERE r.issue_id = i.id AND r.kind = 'reply'
                            ORDER BY r.replied_at, r.id LIMIT 1) first_reply ON true${where}`;

export class MergedIssuesMetrics1764764000001 implements MigrationInterface {
  name = 'MergedIssuesMetrics1764764000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      factSource(`
       WHERE i.merged_into_issue_id IS NULL`),
    );
    await queryRunner.query(`
      CREATE FUNCTION metrics.on_issue_merged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM metrics.issue_facts WHERE issue_id = NEW.id;
        RETURN NULL;
      END $$`);
    // Named to fire after issues_metrics (triggers of one event fire in name order).
    await queryRunner.query(`
      CREATE TRIGGER issues_metrics_merged AFTER UPDATE OF merged_into_issue_id ON issues
      FOR EACH ROW WHEN (NEW.merged_into_issue_id IS NOT NULL) EXECUTE FUNCTION metrics.on_issue_merged()`);
    await queryRunner.query(`DELETE FROM metrics.issue_facts f USING issues i
      WHERE i.id = f.issue_id AND i.merged_into_issue_id IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER issues_metrics_merged ON issues`);
    await queryRunner.query(`DROP FUNCTION metrics.on_issue_merged()`);
    await queryRunner.query(factSource(''));
    await queryRunner.query(`SELECT metrics.refresh_issue_fact(id) FROM issues WHERE merged_into_issue_id IS NOT NULL`);
  }
}
