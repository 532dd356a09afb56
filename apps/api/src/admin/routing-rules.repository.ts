// Owns the SQL of routing-rule administration: a rule and its co-handlers are written together, in one transaction.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows, type JsonObject } from '@app/database';
import { explainRoute, type Route, type RoutingRuleCandidate } from '@app/routing';
import { recordAudit, snapshot } from './admin-audit';
import type { RoutingRuleView } from './routing-rules.dto';

const COLUMNS = `rr.id, rr.region_id AS "regionId", g.name AS "regionName", rr.category_id AS "categoryId",
  c.name_zh AS "categoryName", rr.lead_department_id AS "leadDepartmentId", l.name AS "leadDepartmentName",
  ARRAY(SELECT x.department_id FROM routing_rule_co_handlers x JOIN departments co ON co.id = x.department_id
         WHERE x.rule_id = rr.id ORDER BY co.code) AS "coHandlerDepartmentIds",
  ARRAY(SELECT co.name FROM routing_rule_co_handlers x JOIN departments co ON co.id = x.department_id
         WHERE x.rule_id = rr.id ORDER BY co.code) AS "coHandlerDepartmentNames",
  rr.priority, rr.active`;
const FROM = `routing_rules rr JOIN regions g ON g.id = rr.region_id
  LEFT JOIN issue_categories c ON c.id = rr.category_id JOIN departments l ON l.id = rr.lead_department_id`;

export interface DepartmentFacts {
  id: string;
  name: string;
  active: boolean;
  regionPath: string;
}

export interface RuleFields {
  regionId: string;
  categoryId: string | null;
  leadDepartmentId: string;
  coHandlerDepartmentIds: string[];
  priority: number;
  active: boolean;
}

const FIELD_COLUMNS = {
  regionId: 'region_id',
  categoryId: 'category_id',
  leadDepartmentId: 'lead_department_id',
  priority: 'priority',
  active: 'active',
} as const;

@Injectable()
export class RoutingRulesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(filter: { regionId?: string; categoryId?: string; limit: number; offset: number }) {
    const where = `($1::uuid IS NULL OR rr.region_id = $1) AND ($2::uuid IS NULL OR rr.category_id = $2)`;
    const params = [filter.regionId ?? null, filter.categoryId ?? null];
    const [rows, [count]] = await Promise.all([
      queryRows<RoutingRuleView>(
        this.db,
        `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where}
          ORDER BY g.path, c.code NULLS FIRST, rr.priority DESC, rr.id LIMIT $3 OFFSET $4`,
        [...params, filter.limit, filter.offset],
      ),
      queryRows<{ total: number }>(this.db, `SELECT count(*)::int AS total FROM ${FROM} WHERE ${where}`, params),
    ]);
    return { rows, total: count.total };
  }

  async findById(id: string): Promise<RoutingRuleView | null> {
    const [row] = await queryRows<RoutingRuleView>(this.db, `SELECT ${COLUMNS} FROM ${FROM} WHERE rr.id = $1`, [id]);
    return row ?? null;
  }

  async region(id: string): Promise<{ id: string; name: string; path: string } | null> {
    const [row] = await queryRows<{ id: string; name: string; path: string }>(
      this.db,
      `SELECT id, name, path FROM regions WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  async category(id: string): Promise<{ id: string; name: string } | null> {
    const [row] = await queryRows<{ id: string; name: string }>(
      this.db,
      `SELECT id, name_zh AS name FROM issue_categories WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  async departments(ids: string[]): Promise<Map<string, DepartmentFacts>> {
    if (!ids.length) return new Map();
    const rows = await queryRows<DepartmentFacts>(
      this.db,
      `SELECT d.id, d.name, d.active, r.path AS "regionPath" FROM departments d JOIN regions r ON r.id = d.region_id
        WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** The routing of an issue raised at this place in this category, by the routing activity's own code. */
  explain(query: { categoryId: string; regionPath: string }): Promise<{
    route: Route | null;
    candidates: RoutingRuleCandidate[];
  }> {
    return explainRoute(this.db, query);
  }

  async create(actorUserId: string, input: RuleFields): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        `INSERT INTO routing_rules (region_id, category_id, lead_department_id, priority, active)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.regionId, input.categoryId, input.leadDepartmentId, input.priority, input.active],
      );
      await insertCoHandlers(tx, row.id, input.coHandlerDepartmentIds);
      await recordAudit(tx, {
        actorUserId,
        action: 'create',
        entity: 'routing_rule',
        entityId: row.id,
        before: null,
        after: await ruleSnapshot(tx, row.id),
      });
      return row.id;
    });
  }

  /** False when there is no such rule. Co-handlers, when given, replace the old ones. */
  async update(actorUserId: string, id: string, change: Partial<RuleFields>): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [locked] = await queryRows(tx, `SELECT id FROM routing_rules WHERE id = $1 FOR UPDATE`, [id]);
      if (!locked) return false;
      const before = await ruleSnapshot(tx, id);
      const keys = (Object.keys(FIELD_COLUMNS) as (keyof typeof FIELD_COLUMNS)[]).filter(
        (k) => change[k] !== undefined,
      );
      if (keys.length) {
        await tx.query(
          `UPDATE routing_rules SET ${keys.map((k, i) => `${FIELD_COLUMNS[k]} = $${i + 2}`).join(', ')} WHERE id = $1`,
          [id, ...keys.map((k) => change[k])],
        );
      }
      if (change.coHandlerDepartmentIds !== undefined) {
        await tx.query(`DELETE FROM routing_rule_co_handlers WHERE rule_id = $1`, [id]);
        await insertCoHandlers(tx, id, change.coHandlerDepartmentIds);
      }
      if (keys.length || change.coHandlerDepartmentIds !== undefined) {
        await recordAudit(tx, {
          actorUserId,
          action: 'update',
          entity: 'routing_rule',
          entityId: id,
          before,
          after: await ruleSnapshot(tx, id),
        });
      }
      return true;
    });
  }

  async delete(actorUserId: string, id: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const before = await ruleSnapshot(tx, id);
      if (!before) return false;
      // Its co-handlers go with it (ON DELETE CASCADE).
      await tx.query(`DELETE FROM routing_rules WHERE id = $1`, [id]);
      await recordAudit(tx, {
        actorUserId,
        action: 'delete',
        entity: 'routing_rule',
        entityId: id,
        before,
        after: null,
      });
      return true;
    });
  }
}

async function insertCoHandlers(tx: EntityManager, ruleId: string, departmentIds: string[]): Promise<void> {
  if (!departmentIds.length) return;
  await tx.query(`INSERT INTO routing_rule_co_handlers (rule_id, department_id) SELECT $1, unnest($2::uuid[])`, [
    ruleId,
    departmentIds,
  ]);
}

async function ruleSnapshot(tx: EntityManager, id: string): Promise<JsonObject | null> {
  const row = await snapshot(tx, 'routing_rule', id);
  if (!row) return null;
  const co = await queryRows<{ id: string }>(
    tx,
    `SELECT department_id AS id FROM routing_rule_co_handlers WHERE rule_id = $1 ORDER BY department_id`,
    [id],
  );
  return { ...row, co_handler_department_ids: co.map((c) => c.id) };
}
