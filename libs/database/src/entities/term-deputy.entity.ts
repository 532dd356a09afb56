import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { CongressTerm } from './congress-term.entity';
import { Deputy } from './deputy.entity';

/** A deputy elected to a congress for its term: whom its standing committee invites to attend (列席). */
@Entity({ name: 'term_deputies' })
@Index('ix_term_deputies_deputy_id', ['deputyId'])
export class TermDeputy {
  @PrimaryColumn({ name: 'term_id', type: 'uuid', primaryKeyConstraintName: 'pk_term_deputies' })
  @ForeignKey(() => CongressTerm, { name: 'fk_term_deputies_term', onDelete: 'CASCADE' })
  termId!: string;

  @PrimaryColumn({ name: 'deputy_id', type: 'uuid', primaryKeyConstraintName: 'pk_term_deputies' })
  @ForeignKey(() => Deputy, { name: 'fk_term_deputies_deputy', onDelete: 'CASCADE' })
  deputyId!: string;
}
