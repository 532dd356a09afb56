import { Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import { Issue } from './issue.entity';
import { Reception } from './reception.entity';

/** An issue raised at a reception day (and handled by its own issue workflow). */
@Entity({ name: 'reception_issues' })
@Unique('uq_reception_issues_issue_id', ['issueId'])
export class ReceptionIssue {
  @PrimaryColumn({ name: 'reception_id', type: 'uuid', primaryKeyConstraintName: 'pk_reception_issues' })
  @ForeignKey(() => Reception, { name: 'fk_reception_issues_reception' })
  receptionId!: string;

  @PrimaryColumn({ name: 'issue_id', type: 'uuid', primaryKeyConstraintName: 'pk_reception_issues' })
  @ForeignKey(() => Issue, { name: 'fk_reception_issues_issue' })
  issueId!: string;

  /** 1, 2, … in the order the record lists them. */
  @Column({ name: 'position', type: 'integer' })
  position!: number;
}
