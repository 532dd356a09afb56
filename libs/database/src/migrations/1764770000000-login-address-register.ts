// The sign-in throttle per address (migration 1764750000000) keeps client addresses: they belong in the register of
// personal data (records.personal_data), which the record of processing activities is generated from. Its retention
// is stated as it is: one row per address, overwritten by the next failure; no nightly clean-up yet.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginAddressRegister1764770000000 implements MigrationInterface {
  name = 'LoginAddressRegister1764770000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO records.personal_data (table_name, column_name, subject, kind, sensitive, purpose, access, retention)
       VALUES ('login_address_failures', 'address', '登录者（含未登录成功的访问者）', '登录地址（IP）', false, $1, $2, $3)`,
      [
        '登录安全：同一地址多次登录失败时暂时拒绝该地址的登录',
        '系统（不在任何页面或接口中显示）',
        '每个地址一行，记录最近一次封禁窗口，由下一次登录失败覆盖；尚未纳入夜间自动清理',
      ],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM records.personal_data WHERE table_name = 'login_address_failures'`);
  }
}
