import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Department } from './department.entity';
import { RoutingRule } from './routing-rule.entity';

/** A co-handling department (协办) that a routing rule adds beside its lead. */
@Entity({ name: 'routing_rule_co_handlers' })
@Index('ix_routing_rule_co_handlers_department_id', ['departmentId'])
export class RoutingRuleCoHandler {
  @PrimaryColumn({ name: 'rule_id', type: 'uuid', primaryKeyConstraintName: 'pk_routing_rule_co_handlers' })
  @ForeignKey(() => RoutingRule, { name: 'fk_routing_rule_co_handlers_rule', onDelete: 'CASCADE' })
  ruleId!: string;

  @PrimaryColumn({ name: 'department_id', type: 'uuid', primaryKeyConstraintName: 'pk_routing_rule_co_handlers' })
  @ForeignKey(() => Department, { name: 'fk_routing_rule_co_handlers_department' })
  departmentId!: string;
}
