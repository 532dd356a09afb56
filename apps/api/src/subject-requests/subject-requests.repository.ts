// Owns the SQL of requests from the people concerned: issues found by the keyed hash of a phone or ID number (never
// by decrypting the table), one issue's voter data locked for a change, and the change written back sealed.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { IssueStatus } from '@app/contracts';
import { queryRows } from '@app/database';
import { openVoterContacts, PersonalDataCipher, sealVoterContacts } from '@app/personal-data';
import { eraseVoterData } from '@app/records';

export interface SubjectIssueRow {
  id: string;
  status: IssueStatus;
  submittedAt: Date;
  closedAt: Date | null;
  stationName: string;
  deputyName: string;
  description: string;
  voterName: string | null;
  voterPhone: string | null;
  voterIdNumber: string | null;
  voterAddress: string | null;
  /** The voter data was erased (by retention or on request). */
  erased: boolean;
}

export interface VoterData {
  voterName: string | null;
  voterPhone: string | null;
  voterIdNumber: string | null;
  voterAddress: string | null;
}

const COLUMNS = `i.id, i.status, i.submitted_at AS "submittedAt", i.closed_at AS "closedAt",
  s.name AS "stationName", d.name AS "deputyName", i.description,
  i.voter_name AS "voterName", i.voter_phone AS "voterPhone", i.voter_id_number AS "voterIdNumber",
  i.voter_address AS "voterAddress", i.voter_data_erased_at IS NOT NULL AS erased`;
const JOINS = `JOIN stations s ON s.id = i.station_id JOIN deputies d ON d.id = i.deputy_id`;

@Injectable()
export class SubjectRequestsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The issues holding this phone or this ID number (either), oldest first. */
  async findBy(tx: EntityManager, phone: string | null, idNumber: string | null): Promise<SubjectIssueRow[]> {
    const rows = await queryRows<SubjectIssueRow>(
      tx,
      `SELECT ${COLUMNS} FROM issues i ${JOINS}
        WHERE i.voter_phone_hash = $1 OR i.voter_id_number_hash = $2
        ORDER BY i.submitted_at, i.id`,
      [this.cipher.hash('phone', phone), this.cipher.hash('idNumber', idNumber)],
    );
    return openVoterContacts(this.cipher, rows);
  }

  /** One issue, locked for the rest of the transaction; null if there is none. */
  async lock(tx: EntityManager, id: string): Promise<SubjectIssueRow | null> {
    const [row] = await queryRows<SubjectIssueRow>(
      tx,
      `SELECT ${COLUMNS} FROM issues i ${JOINS} WHERE i.id = $1 FOR UPDATE OF i`,
      [id],
    );
    return row ? openVoterContacts(this.cipher, [row])[0] : null;
  }

  async writeVoterData(tx: EntityManager, id: string, data: VoterData): Promise<void> {
    const sealed = sealVoterContacts(this.cipher, data);
    await tx.query(
      `UPDATE issues SET voter_name = $2, voter_phone = $3, voter_phone_hash = $4, voter_id_number = $5,
              voter_id_number_hash = $6, voter_address = $7
        WHERE id = $1`,
      [
        id,
        data.voterName,
        sealed.voterPhone,
        sealed.voterPhoneHash,
        sealed.voterIdNumber,
        sealed.voterIdNumberHash,
        data.voterAddress,
      ],
    );
  }

  /** The retention run's anonymiser, for one issue. */
  async erase(tx: EntityManager, id: string, at: Date): Promise<boolean> {
    return (await eraseVoterData(tx, [id], at)).issueIds.length > 0;
  }
}
