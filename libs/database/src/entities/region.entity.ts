import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf, REGION_LEVELS, type RegionLevel } from './domain-values';

/** A place in the city → county → township → village hierarchy. */
@Entity({ name: 'regions' })
@Unique('uq_regions_code', ['code'])
@Check('ck_regions_level', oneOf('level', REGION_LEVELS))
@Check('ck_regions_number_prefix', `"number_prefix" ~ '^[A-Z]{1,8}$'`)
// Unique btree on (path text_pattern_ops), made by the migration: serves `path = $1` and `path LIKE 'x/%'`.
@Index('ix_regions_path', { synchronize: false })
@Index('ix_regions_parent_id', ['parentId'])
export class Region {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_regions' })
  id!: string;

  @Column({ name: 'code', type: 'text' })
  code!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'level', type: 'text' })
  level!: RegionLevel;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Region, { name: 'fk_regions_parent' })
  parentId!: string | null;

  /** Codes from the root down, e.g. 'yueyang/yueyang-county/rongjiawan'. */
  @Column({ name: 'path', type: 'text' })
  path!: string;

  /** The first part of the issue numbers of places in this region (事项编号 `YYX-2026-00123`); the nearest one wins. */
  @Column({ name: 'number_prefix', type: 'text', nullable: true })
  numberPrefix!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
