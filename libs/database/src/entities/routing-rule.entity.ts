import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Department } from './department.entity';
import { IssueCategory } from './issue-category.entity';
import { Region } from './region.entity';

/** Sends issues of a category (or any category) raised in a region's subtree to a lead department. */
@Entity({ name: 'routing_rules' })
@Index('ix_routing_rules_region_id', ['regionId'])
export class RoutingRule {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_routing_rules' })
  id!: string;

  /** null: the rule applies to every category. */
  @Column({ name: 'category_id', type: 'uuid', nullable: true })
  @ForeignKey(() => IssueCategory, { name: 'fk_routing_rules_category' })
  categoryId!: string | null;

  @Column({ name: 'region_id', type: 'uuid' })
  @ForeignKey(() => Region, { name: 'fk_routing_rules_region' })
  regionId!: string;

  @Column({ name: 'lead_department_id', type: 'uuid' })
  @ForeignKey(() => Department, { name: 'fk_routing_rules_lead_department' })
  leadDepartmentId!: string;

  /** Breaks ties between equally specific rules; higher wins. */
  @Column({ name: 'priority', type: 'int', default: 0 })
  priority!: number;

  @Column({ name: 'active', type: 'boolean', default: true })
  active!: boolean;
}
