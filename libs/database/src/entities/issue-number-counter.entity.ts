import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The last issue number given per prefix and year; bumped only by the issues' insert trigger. */
@Entity({ name: 'issue_number_counters' })
@Check('ck_issue_number_counters_last_value', '"last_value" >= 1')
export class IssueNumberCounter {
  @PrimaryColumn({ name: 'prefix', type: 'text', primaryKeyConstraintName: 'pk_issue_number_counters' })
  prefix!: string;

  @PrimaryColumn({ name: 'year', type: 'integer', primaryKeyConstraintName: 'pk_issue_number_counters' })
  year!: number;

  @Column({ name: 'last_value', type: 'integer' })
  lastValue!: number;
}
