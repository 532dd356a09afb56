import { Check, Column, Entity, ForeignKey, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { JsonObject } from './domain-values';
import { Station } from './station.entity';
import { User } from './user.entity';

/**
 * A station's duty rota for its reception days (the rule itself is stations.reception_rule): the deputies take turns
 * in `rotaDeputyIds` order, `deputiesPerDay` at a time, month by month from `rotaStartsOn`; `dutyOverrides` maps a
 * nominal date to the deputies on duty that day instead (调班).
 */
@Entity({ name: 'reception_plans' })
@Check('ck_reception_plans_deputies_per_day', '"deputies_per_day" >= 1 AND "deputies_per_day" <= 20')
export class ReceptionPlan {
  @PrimaryColumn({ name: 'station_id', type: 'uuid', primaryKeyConstraintName: 'pk_reception_plans' })
  @ForeignKey(() => Station, { name: 'fk_reception_plans_station', onDelete: 'CASCADE' })
  stationId!: string;

  @Column({ name: 'deputies_per_day', type: 'integer', default: 2 })
  deputiesPerDay!: number;

  @Column({ name: 'rota_starts_on', type: 'date' })
  rotaStartsOn!: string;

  @Column({ name: 'rota_deputy_ids', type: 'uuid', array: true, default: () => "'{}'" })
  rotaDeputyIds!: string[];

  /** { "2026-03-08": ["<deputy id>", …] } */
  @Column({ name: 'duty_overrides', type: 'jsonb', default: () => "'{}'" })
  dutyOverrides!: JsonObject;

  @Column({ name: 'updated_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_reception_plans_updated_by_user' })
  updatedByUserId!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
