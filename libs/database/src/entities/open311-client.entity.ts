import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { User } from './user.entity';

/** A system allowed to post Open311 service requests, by its API key (kept only as a SHA-256); revoked, never deleted. */
@Entity({ name: 'open311_clients' })
@Unique('uq_open311_clients_key_hash', ['keyHash'])
@Check('ck_open311_clients_revoked', '(revoked_at IS NULL) = (revoked_by_user_id IS NULL)')
export class Open311Client {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_open311_clients' })
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'key_hash', type: 'text' })
  keyHash!: string;

  /** The key's first characters, so an admin can tell keys apart without the key. */
  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix!: string;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  @ForeignKey(() => User, { name: 'fk_open311_clients_created_by_user' })
  createdByUserId!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'revoked_by_user_id', type: 'uuid', nullable: true })
  @ForeignKey(() => User, { name: 'fk_open311_clients_revoked_by_user' })
  revokedByUserId!: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
