// What the reception suites share: the deputies of a station, a reception day started directly (the schedule is
// tested on its own), and the row as the read model has it.
import type { DataSource } from 'typeorm';
import { RECEPTION_DAY_WORKFLOW_TYPE, DEFAULT_RECEPTION_POLICY, receptionDayWorkflowId } from '@app/contracts';
import { TemporalClientService } from '@app/temporal';
import { eventually, type IssueTestApp } from '../../issues/support/issue-app';

export async function deputiesOf(db: DataSource, stationCode: string): Promise<{ id: string; name: string }[]> {
  return db.query(
    `SELECT d.id, d.name FROM station_deputies sd JOIN deputies d ON d.id = sd.deputy_id
     JOIN stations s ON s.id = sd.station_id WHERE s.code = $1 ORDER BY convert_to(d.name, 'UTF8'), d.id`,
    [stationCode],
  );
}

export async function receptionRow(db: DataSource, stationId: string, nominalDate: string) {
  const [row] = await db.query<{ id: string; status: string; held_on: string }[]>(
    `SELECT id, status, to_char(held_on, 'YYYY-MM-DD') AS held_on FROM receptions
     WHERE station_id = $1 AND nominal_date = $2`,
    [stationId, nominalDate],
  );
  return row;
}

/** Starts the day's workflow as a schedule tick would, and waits until its row has `status`. */
export async function openDay(t: IssueTestApp, stationId: string, nominalDate: string, status: string) {
  const client = t.app.get(TemporalClientService).client;
  await client.workflow.start(RECEPTION_DAY_WORKFLOW_TYPE, {
    workflowId: receptionDayWorkflowId(stationId, nominalDate),
    taskQueue: t.taskQueue,
    args: [{ stationId, nominalDate, policy: { ...DEFAULT_RECEPTION_POLICY } }],
  });
  return eventually(`reception ${nominalDate} to be ${status}`, async () => {
    const row = await receptionRow(t.db, stationId, nominalDate);
    return row?.status === status ? row : undefined;
  });
}
