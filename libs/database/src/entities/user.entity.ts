import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Department } from './department.entity';
import { Deputy } from './deputy.entity';
import { oneOf } from './domain-values';

/** The language of the mails rendered for a user: Chinese unless the user chose English. */
export const USER_LANGUAGES = ['zh', 'en'] as const;
export type UserLanguage = (typeof USER_LANGUAGES)[number];

/** A person who signs in: a deputy, a department handler, a liaison officer, a supervisor or an admin. */
@Entity({ name: 'users' })
@Unique('uq_users_username', ['username'])
@Unique('uq_users_deputy_id', ['deputyId'])
@Index('ix_users_department_id', ['departmentId'])
@Check('ck_users_language', oneOf('language', USER_LANGUAGES))
export class User {
  @PrimaryGeneratedColumn('uuid', { name: 'id', primaryKeyConstraintName: 'pk_users' })
  id!: string;

  @Column({ name: 'username', type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'email', type: 'text', nullable: true })
  email!: string | null;

  /** null: the user cannot sign in with a password. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  /** The department the user answers for, if a department handler. */
  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Department, { name: 'fk_users_department' })
  departmentId!: string | null;

  /** The deputy the user is, if a deputy. */
  @Column({ name: 'deputy_id', type: 'uuid', nullable: true })
  @ForeignKey(() => Deputy, { name: 'fk_users_deputy' })
  deputyId!: string | null;

  @Column({ name: 'failed_logins', type: 'int', default: 0 })
  failedLogins!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  /** Set by an admin's password reset: the one-time password works only to choose a new one. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @Column({ name: 'language', type: 'text', default: 'zh' })
  language!: UserLanguage;

  @Column({ name: 'active', type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
