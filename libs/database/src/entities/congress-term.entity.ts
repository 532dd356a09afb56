import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DEPUTY_LEVELS, type DeputyLevel, oneOf } from './domain-values';
import { Region } from './region.entity';

/** A people's congress of one region and level for its term (届), e.g. 湘潭市第十六届人民代表大会, 2022-2026. */
@Entity({ name: 'congress_terms' })
@Unique('uq_congress_terms_code', ['code'])
@Check('ck_congress_terms_level', oneOf('level', DEPUTY_LEVELS))
@Check('ck_congress_terms_dates', '"ends_on" > "starts_on"')
@Index('ix_congress_terms_region_id', ['regionId'])
export class CongressTerm {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_congress_terms' })
  id!: string;

  @Column({ name: 'code', type: 'text' })
  code!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'region_id', type: 'uuid' })
  @ForeignKey(() => Region, { name: 'fk_congress_terms_region' })
  regionId!: string;

  /** The level of its deputies (a city congress has city deputies). */
  @Column({ name: 'level', type: 'text' })
  level!: DeputyLevel;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  /** Inclusive. */
  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;
}
