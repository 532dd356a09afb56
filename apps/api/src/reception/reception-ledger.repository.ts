// Owns the SQL of what reception days put into the archive files: the station's reception days and the issues
// raised at each (the voter-reception register), and a deputy's reception duties. The sheets are built from these
// rows in reception-ledger.ts.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { IssueStatus, ReceptionStatus } from '@app/contracts';
import { queryRows } from '@app/database';
import type { Period } from '@app/metrics';
import { PersonalDataCipher } from '@app/personal-data';

export interface RegisterDayRow {
  id: string;
  held_on: string;
  status: ReceptionStatus;
  voters_received: number | null;
  notes: string | null;
  not_held_reason: string | null;
  deputies: string[] | null;
}

export interface RaisedRow {
  reception_id: string;
  deputy: string;
  voter_name: string | null;
  voter_phone: string | null;
  description: string;
  status: IssueStatus;
  lead: string | null;
}

export interface DutyRow {
  held_on: string;
  station: string;
  status: ReceptionStatus;
  present: boolean | null;
  voters_received: number | null;
  raised: number;
}

@Injectable()
export class ReceptionLedgerRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  /** The station's reception days in [from, to) up to today (China), oldest first; cancelled days are left out. */
  registerDays(stationId: string, period: Period): Promise<RegisterDayRow[]> {
    return queryRows<RegisterDayRow>(
      this.db,
      `SELECT r.id, to_char(r.held_on, 'YYYY-MM-DD') AS held_on, r.status, r.voters_received, r.notes, r.not_held_reason,
            (SELECT array_agg(d.name ORDER BY convert_to(d.name, 'UTF8')) FROM reception_duties rd
              JOIN deputies d ON d.id = rd.deputy_id
              WHERE rd.reception_id = r.id AND (r.status <> 'held' OR rd.present)) AS deputies
     FROM receptions r
     WHERE r.station_id = $1 AND r.held_on >= $2::date AND r.held_on < $3::date AND r.status <> 'cancelled'
       AND r.held_on <= (now() AT TIME ZONE 'Asia/Shanghai')::date
     ORDER BY r.held_on, r.id`,
      [stationId, period.from, period.to],
    );
  }

  /** The issues raised on these reception days, in the order they were raised. */
  /** The issues raised on those days, voters' phones decrypted (the register masks them). */
  async raisedOn(receptionIds: readonly string[]): Promise<RaisedRow[]> {
    const rows = await queryRows<RaisedRow>(
      this.db,
      `SELECT ri.reception_id, d.name AS deputy, i.voter_name, i.voter_phone, i.description, i.status,
            lead.name AS lead
     FROM reception_issues ri JOIN issues i ON i.id = ri.issue_id JOIN deputies d ON d.id = i.deputy_id
     LEFT JOIN departments lead ON lead.id = i.lead_department_id
     WHERE ri.reception_id = ANY($1::uuid[]) ORDER BY ri.reception_id, ri.position`,
      [receptionIds],
    );
    return rows.map((row) => ({ ...row, voter_phone: this.cipher.decrypt('phone', row.voter_phone) }));
  }

  /** A deputy's reception duties in [from, to) up to today (China), held or not, cancelled days left out. */
  duties(deputyId: string, period: Period): Promise<DutyRow[]> {
    return queryRows<DutyRow>(
      this.db,
      `SELECT to_char(r.held_on, 'YYYY-MM-DD') AS held_on, s.name AS station, r.status, rd.present, r.voters_received,
            (SELECT count(*)::int FROM reception_issues ri JOIN issues i ON i.id = ri.issue_id
              WHERE ri.reception_id = r.id AND i.deputy_id = rd.deputy_id) AS raised
     FROM reception_duties rd JOIN receptions r ON r.id = rd.reception_id JOIN stations s ON s.id = r.station_id
     WHERE rd.deputy_id = $1 AND r.held_on >= $2::date AND r.held_on < $3::date AND r.status <> 'cancelled'
       AND r.held_on <= (now() AT TIME ZONE 'Asia/Shanghai')::date
     ORDER BY r.held_on, s.name`,
      [deputyId, period.from, period.to],
    );
  }
}
