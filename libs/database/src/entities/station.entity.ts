import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Deputy } from './deputy.entity';
import { oneOf, STATION_LEVELS, type StationLevel } from './domain-values';
import { Region } from './region.entity';
import { User } from './user.entity';

/** A liaison station: a township deputies' home (人大代表之家) or a village work station (代表工作站). */
@Entity({ name: 'stations' })
@Unique('uq_stations_code', ['code'])
@Check('ck_stations_level', oneOf('level', STATION_LEVELS))
@Index('ix_stations_region_id', ['regionId'])
export class Station {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_stations' })
  id!: string;

  @Column({ name: 'code', type: 'text' })
  code!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'level', type: 'text' })
  level!: StationLevel;

  @Column({ name: 'region_id', type: 'uuid' })
  @ForeignKey(() => Region, { name: 'fk_stations_region' })
  regionId!: string;

  /** 负责人: one of the station's deputies, who organises its activities. */
  @Column({ name: 'head_deputy_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Deputy, { name: 'fk_stations_head_deputy' })
  headDeputyId!: string | null;

  /** 联络员: keeps the station and its ledgers day to day. */
  @Column({ name: 'liaison_officer_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_stations_liaison_officer' })
  liaisonOfficerUserId!: string | null;

  /** When voters are received, e.g. 'monthly:8' for the 8th of every month. */
  @Column({ name: 'reception_rule', type: 'text', nullable: true })
  receptionRule!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
