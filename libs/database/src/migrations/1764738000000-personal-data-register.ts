import type { MigrationInterface, QueryRunner } from 'typeorm';

// Where personal data is held, said in the database itself (issue #16, item 6): records.personal_data has a row per
// column holding it — whose data, what kind, why it is held, who may read it, how long it is kept. (Column comments
// would have been the natural place, but the entities are compared with the schema, comments included.) The
// processing record (个人信息处理活动记录, libs/records/src/processing-record.ts, `npm run records:processing`) is
// generated from it and the running configuration, and a test refuses a column that looks personal (phone, email,
// address, ID number, IP, user agent) but has no row. A later migration adding such a column adds its row.
interface Declaration {
  subject: string;
  kind: string;
  sensitive?: boolean;
  purpose: string;
  access: string;
  /** A config variable's name (days), or: record (kept as the record), while-deputy, while-account, while-department. */
  retention: string;
}

const PERSONAL_DATA: Record<string, Declaration> = {
  'issues.voter_name': voter('姓名'),
  'issues.voter_phone': voter('联系电话'),
  'issues.voter_id_number': voter('身份证号码', true),
  'issues.voter_address': voter('住址'),
  'issues.description': {
    subject: '选民',
    kind: '反映内容（可能含个人信息）',
    purpose: '交办、答复和统计代表转交的意见建议',
    access: '事项的代表、交办单位、辖区内的督办和联络工作人员',
    retention: 'record',
  },
  'deputies.name': deputy('姓名'),
  'deputies.phone': deputy('联系电话'),
  'deputies.employer': deputy('工作单位'),
  'deputies.post': deputy('职务'),
  'departments.email': {
    subject: '交办单位',
    kind: '接收交办通知的电子邮箱（可能是经办人的个人邮箱）',
    purpose: '交办、催办和督办通知',
    access: '登录的工作人员',
    retention: 'while-department',
  },
  'users.display_name': staff('姓名'),
  'users.email': staff('电子邮箱'),
  'auth_sessions.ip': session('登录地址（IP）'),
  'auth_sessions.user_agent': session('浏览器标识'),
  'data_access_log.user_id': {
    subject: '工作人员',
    kind: '查看选民个人信息的记录（何人、何事项、何字段、何时、为何）',
    purpose: '个人信息访问审计（《个人信息保护法》第五十五条）',
    access: '系统管理员',
    retention: 'ACCESS_LOG_RETENTION_DAYS',
  },
};

function voter(kind: string, sensitive = false): Declaration {
  return {
    subject: '选民',
    kind,
    sensitive,
    purpose: '办理代表转交的意见建议：联系、回访、答复选民',
    access: '掩码显示；事项的代表、交办单位和辖区督办人员可查看原文，每次查看记入 data_access_log',
    retention: 'VOTER_DATA_RETENTION_DAYS',
  };
}

function deputy(kind: string): Declaration {
  return {
    subject: '人大代表',
    kind,
    purpose: '代表联络、接待日排班、列席会议通知和履职档案',
    access: '登录的工作人员和代表本人',
    retention: 'while-deputy',
  };
}

function staff(kind: string): Declaration {
  return {
    subject: '工作人员（含代表账户）',
    kind,
    purpose: '账户、登录和工作通知',
    access: '系统管理员；姓名对同一工作流程的人员可见',
    retention: 'while-account',
  };
}

function session(kind: string): Declaration {
  return {
    subject: '工作人员（含代表账户）',
    kind,
    purpose: '登录安全：用户查看自己的登录记录，调查令牌被盗用',
    access: '用户本人、系统管理员',
    retention: 'SESSION_RETENTION_DAYS',
  };
}

export class PersonalDataRegister1764738000000 implements MigrationInterface {
  name = 'PersonalDataRegister1764738000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE records.personal_data (
        table_name text NOT NULL,
        column_name text NOT NULL,
        subject text NOT NULL,
        kind text NOT NULL,
        sensitive boolean NOT NULL DEFAULT false,
        purpose text NOT NULL,
        access text NOT NULL,
        retention text NOT NULL,
        CONSTRAINT pk_personal_data PRIMARY KEY (table_name, column_name)
      )`);
    for (const [column, declaration] of Object.entries(PERSONAL_DATA)) {
      const [table, name] = column.split('.');
      await queryRunner.query(
        `INSERT INTO records.personal_data (table_name, column_name, subject, kind, sensitive, purpose, access, retention)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          table,
          name,
          declaration.subject,
          declaration.kind,
          declaration.sensitive ?? false,
          declaration.purpose,
          declaration.access,
          declaration.retention,
        ],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE records.personal_data`);
  }
}
