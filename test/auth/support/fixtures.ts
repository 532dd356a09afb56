// Rows the auth suites need beyond the demo data: an issue in 荣家湾镇城东社区 with its assignments.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sealedVoter } from '../../support/personal-data';

export async function idOf(
  db: DataSource,
  table: 'regions' | 'departments' | 'stations' | 'issue_categories',
  code: string,
) {
  const [row] = await db.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE code = $1`, [code]);
  if (!row) throw new Error(`no ${table} row with code ${code}`);
  return row.id;
}

export async function userId(db: DataSource, username: string): Promise<string> {
  const [row] = await db.query<{ id: string }[]>(`SELECT id FROM users WHERE username = $1`, [username]);
  if (!row) throw new Error(`no user ${username}`);
  return row.id;
}

export interface IssueFixture {
  id: string;
  regionPath: string;
  deputyId: string;
  submittedByUserId: string;
  leadDepartmentId: string;
  townshipRegionId: string;
  leadAssignmentId: string;
  coAssignmentId: string;
  coDepartmentId: string;
}

export interface IssueOptions {
  village?: string;
  township?: string;
  station?: string;
  deputyUsername?: string;
  lead?: string;
  co?: string;
  voter?: { name: string | null; phone: string | null; idNumber: string | null; address: string | null };
}

/** An assigned issue, as the workflow would have left it: lead and co-handling assignments in round 1. */
export async function insertIssue(db: DataSource, options: IssueOptions = {}): Promise<IssueFixture> {
  const village = options.village ?? 'chengdong';
  const township = options.township ?? 'rongjiawan';
  const [place] = await db.query<{ id: string; path: string }[]>(`SELECT id, path FROM regions WHERE code = $1`, [
    village,
  ]);
  const [submitter] = await db.query<{ id: string; deputy_id: string }[]>(
    `SELECT id, deputy_id FROM users WHERE username = $1`,
    [options.deputyUsername ?? 'deputy.zhangzhiqiang'],
  );
  const leadDepartmentId = await idOf(db, 'departments', options.lead ?? 'jiaotong.rongjiawan');
  const coDepartmentId = await idOf(db, 'departments', options.co ?? 'ziran.rongjiawan');
  const townshipRegionId = await idOf(db, 'regions', township);
  const voter = options.voter ?? {
    name: '张三丰',
    phone: '13812345678',
    idNumber: '430621199001011234',
    address: '荣家湾镇城东社区建设路12号3栋401',
  };
  const id = randomUUID();
  const sealed = sealedVoter(voter.phone, voter.idNumber);
  await db.query(
    `INSERT INTO issues (id, idempotency_key, submitted_by_user_id, deputy_id, station_id, place_region_id,
        township_region_id, region_path, category_id, description, channel, urgency, voter_name, voter_phone,
        voter_id_number, voter_address, status, lead_department_id, workflow_id, assigned_at, due_at,
        voter_phone_hash, voter_id_number_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '村口道路破损，雨天积水', 'reception_day', 'normal', $10, $11, $12, $13,
        'assigned', $14, $15, now(), now() + interval '21 days', $16, $17)`,
    [
      id,
      randomUUID(),
      submitter.id,
      submitter.deputy_id,
      await idOf(db, 'stations', options.station ?? 'rongjiawan'),
      place.id,
      townshipRegionId,
      place.path,
      await idOf(db, 'issue_categories', 'roads'),
      voter.name,
      sealed.voterPhone,
      sealed.voterIdNumber,
      voter.address,
      leadDepartmentId,
      `issue-${id}`,
      sealed.voterPhoneHash,
      sealed.voterIdNumberHash,
    ],
  );
  const assignment = async (departmentId: string, role: 'lead' | 'co') => {
    const [row] = await db.query<{ id: string }[]>(
      `INSERT INTO assignments (issue_id, department_id, role, round, status, due_at)
       VALUES ($1, $2, $3, 1, 'assigned', now() + interval '21 days') RETURNING id`,
      [id, departmentId, role],
    );
    return row.id;
  };
  return {
    id,
    regionPath: place.path,
    deputyId: submitter.deputy_id,
    submittedByUserId: submitter.id,
    leadDepartmentId,
    townshipRegionId,
    leadAssignmentId: await assignment(leadDepartmentId, 'lead'),
    coAssignmentId: await assignment(coDepartmentId, 'co'),
    coDepartmentId,
  };
}
