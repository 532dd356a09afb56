// Owns the record of processing activities (个人信息处理活动记录, PIPL Art. 55-56, issue #16 item 6): generated from
// the register of personal data in the database (records.personal_data, one row per column holding it, checked
// against the real columns) and the running configuration (how long, where), never written by hand.
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@app/database';

type Db = Pick<DataSource | EntityManager, 'query'>;

export interface ProcessingEntry {
  table: string;
  column: string;
  subject: string;
  kind: string;
  sensitive: boolean;
  purpose: string;
  access: string;
  /** Said in words, with the configured number of days. */
  retention: string;
  /** Rows holding a value now. */
  held: number;
}

export interface ProcessingRecord {
  generatedAt: string;
  controller: string;
  storage: string[];
  entries: ProcessingEntry[];
}

export interface ProcessingSettings {
  VOTER_DATA_RETENTION_DAYS: number;
  ACCESS_LOG_RETENTION_DAYS: number;
  SESSION_RETENTION_DAYS: number;
}

/** Columns whose names say personal data; each must be in the register (tested). */
export const LOOKS_PERSONAL = /(^|_)(phone|email|address|id_number|ip|user_agent)$/;

export async function processingRecord(
  db: Db,
  settings: ProcessingSettings,
  where: { database: string; digests?: string; backups?: string },
): Promise<ProcessingRecord> {
  const rows = await queryRows<Omit<ProcessingEntry, 'held'> & { exists: boolean }>(
    db,
    `SELECT p.table_name AS "table", p.column_name AS "column", p.subject, p.kind, p.sensitive, p.purpose, p.access,
            p.retention, c.column_name IS NOT NULL AS exists
       FROM records.personal_data p
       LEFT JOIN information_schema.columns c
         ON c.table_schema = 'public' AND c.table_name = p.table_name AND c.column_name = p.column_name
      ORDER BY p.table_name, p.column_name`,
  );
  const entries: ProcessingEntry[] = [];
  for (const row of rows) {
    if (!row.exists) throw new Error(`records.personal_data names ${row.table}.${row.column}, which does not exist`);
    const [count] = await queryRows<{ held: number }>(
      db,
      `SELECT count(${ident(row.column)})::int AS held FROM public.${ident(row.table)}`,
    );
    entries.push({
      table: row.table,
      column: row.column,
      subject: row.subject,
      kind: row.kind,
      sensitive: row.sensitive,
      purpose: row.purpose,
      access: row.access,
      retention: retentionText(row.retention, settings),
      held: count.held,
    });
  }
  return {
    generatedAt: new Date().toISOString(),
    controller: '县（市、区）人大常委会代表工作机构（部署单位）',
    storage: [
      `PostgreSQL 数据库 ${where.database}（个人信息仅存于此库；Temporal 工作流历史中不含选民个人信息）`,
      ...(where.backups ? [`备份：${where.backups}（npm run backup，含校验和）`] : []),
      ...(where.digests ? [`记录摘要（不含个人信息）：${where.digests}`] : []),
    ],
    entries,
  };
}

/** Columns that look personal and are not in the register: the test keeps this empty. */
export async function unregisteredPersonalColumns(db: Db): Promise<string[]> {
  const columns = await queryRows<{ name: string }>(
    db,
    `SELECT c.table_name || '.' || c.column_name AS name
       FROM information_schema.columns c JOIN information_schema.tables t
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.column_name ~ $1
        AND NOT EXISTS (SELECT 1 FROM records.personal_data p
                         WHERE p.table_name = c.table_name AND p.column_name = c.column_name)
      ORDER BY 1`,
    [LOOKS_PERSONAL.source],
  );
  return columns.map((column) => column.name);
}

function retentionText(rule: string, settings: ProcessingSettings): string {
  switch (rule) {
    case 'VOTER_DATA_RETENTION_DAYS':
      return `事项办结后 ${settings.VOTER_DATA_RETENTION_DAYS} 天自动删除（VOTER_DATA_RETENTION_DAYS）`;
    case 'ACCESS_LOG_RETENTION_DAYS':
      return `${settings.ACCESS_LOG_RETENTION_DAYS} 天后自动删除（ACCESS_LOG_RETENTION_DAYS，不少于六个月）`;
    case 'SESSION_RETENTION_DAYS':
      return `登录结束后 ${settings.SESSION_RETENTION_DAYS} 天自动删除（SESSION_RETENTION_DAYS）`;
    case 'while-deputy':
      return '代表任职期间；由管理员维护';
    case 'while-account':
      return '账户存续期间；由管理员维护';
    case 'while-department':
      return '单位存续期间；由管理员维护';
    case 'record':
      return '作为办理记录长期保存（不自动删除）';
    default:
      return rule;
  }
}

export function processingRecordMarkdown(record: ProcessingRecord): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [
    '# 个人信息处理活动记录',
    '',
    `生成时间：${record.generatedAt}；处理者：${record.controller}`,
    '',
    '## 存储位置',
    ...record.storage.map((line) => `- ${line}`),
    '',
    '## 处理的个人信息',
    '',
    '| 信息主体 | 个人信息 | 敏感 | 存储（表.字段） | 处理目的 | 可查看人员 | 保存期限 | 现存条数 |',
    '|---|---|---|---|---|---|---|---|',
    ...record.entries.map(
      (entry) =>
        `| ${cell(entry.subject)} | ${cell(entry.kind)} | ${entry.sensitive ? '是' : '否'} | ` +
        `${entry.table}.${entry.column} | ${cell(entry.purpose)} | ${cell(entry.access)} | ${cell(entry.retention)} | ` +
        `${entry.held} |`,
    ),
    '',
  ].join('\n');
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
