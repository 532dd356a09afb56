import { Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Deputy } from './deputy.entity';
import { Station } from './station.entity';

/** A deputy assigned to a station by area; a deputy may serve several stations. */
@Entity({ name: 'station_deputies' })
@Index('ix_station_deputies_deputy_id', ['deputyId'])
export class StationDeputy {
  @PrimaryColumn({ name: 'station_id', type: 'uuid', primaryKeyConstraintName: 'pk_station_deputies' })
  @ForeignKey(() => Station, { name: 'fk_station_deputies_station', onDelete: 'CASCADE' })
  stationId!: string;

  @PrimaryColumn({ name: 'deputy_id', type: 'uuid', primaryKeyConstraintName: 'pk_station_deputies' })
  @ForeignKey(() => Deputy, { name: 'fk_station_deputies_deputy', onDelete: 'CASCADE' })
  deputyId!: string;
}
