// Owns the SQL of requests from the people concerned: issues found by the keyed hash of a phone or ID number (never
// by decrypting the table), one issue's voter data locked for a change, and the change written back sealed.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { IssueStatus } from '@app/contracts';
import { queryRows } from '@app/database';
import type { VoterSubmissionStatus } from '@app/database';
import { openSubmissionContacts, openVoterContacts, PersonalDataCipher, sealVoterContacts } from '@app/personal-data';
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

/** A contact left through a QR code or an Open311 client (voter_submissions), with what Open311 added about its sender. */
export interface SubjectSubmissionRow {
  id: string;
  status: VoterSubmissionStatus;
  submittedAt: Date;
  decidedAt: Date | null;
  stationName: string;
  description: string;
  contactPhone: string | null;
  contactEmail: string | null;
  /** The issue it became or joined, and that issue's status (its contact is needed until the issue closes). */
  issueId: string | null;
  issueStatus: IssueStatus | null;
  /** Present when the submission came from an Open311 client. */
  open311: {
    clientName: string;
    reporterFirstName: string | null;
    reporterLastName: string | null;
    deviceId: string | null;
    accountId: string | null;
    addressString: string | null;
  } | null;
  /** The contacts were erased (by retention or on request). */
  erased: boolean;
}

interface SubmissionSqlRow extends Omit<SubjectSubmissionRow, 'open311'> {
  clientName: string | null;
  reporterFirstName: string | null;
  reporterLastName: string | null;
  deviceId: string | null;
  accountId: string | null;
  addressString: string | null;
}

const SUBMISSION_SELECT = `SELECT s.id, s.status, s.submitted_at AS "submittedAt", s.decided_at AS "decidedAt",
    st.name AS "stationName", s.description, s.contact_phone AS "contactPhone", s.contact_email AS "contactEmail",
    s.issue_id AS "issueId", i.status AS "issueStatus", c.name AS "clientName",
    o.reporter_first_name AS "reporterFirstName", o.reporter_last_name AS "reporterLastName",
    o.device_id AS "deviceId", o.account_id AS "accountId", o.address_string AS "addressString",
    s.voter_data_erased_at IS NOT NULL AS erased
  FROM voter_submissions s JOIN stations st ON st.id = s.station_id
  LEFT JOIN issues i ON i.id = s.issue_id
  LEFT JOIN open311_requests o ON o.submission_id = s.id
  LEFT JOIN open311_clients c ON c.id = o.client_id`;

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

  /** The submissions left with this phone or this email address (either), oldest first, contacts and names opened. */
  async findSubmissionsBy(
    tx: EntityManager,
    phone: string | null,
    email: string | null,
  ): Promise<SubjectSubmissionRow[]> {
    const rows = await queryRows<SubmissionSqlRow>(
      tx,
      `${SUBMISSION_SELECT} WHERE s.contact_phone_hash = $1 OR s.contact_email_hash = $2 ORDER BY s.submitted_at, s.id`,
      [this.cipher.hash('phone', phone), this.cipher.hash('email', email)],
    );
    return this.openSubmissions(rows);
  }

  /** One submission, locked for the rest of the transaction; null if there is none. */
  async lockSubmission(tx: EntityManager, id: string): Promise<SubjectSubmissionRow | null> {
    const rows = await queryRows<SubmissionSqlRow>(tx, `${SUBMISSION_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
    return this.openSubmissions(rows)[0] ?? null;
  }

  /**
   * Erases what the submission holds about its sender: the contacts (as the retention run does) and, for an Open311
   * request, the reporter's name and the client's device and account ids. The description and the place stay: the
   * issue it became, and its figures, need them. False when it was erased before.
   */
  async eraseSubmission(tx: EntityManager, id: string, at: Date): Promise<boolean> {
    const erased = await queryRows<{ id: string }>(
      tx,
      `UPDATE voter_submissions
          SET contact_phone = NULL, contact_phone_hash = NULL, contact_email = NULL, contact_email_hash = NULL,
              voter_data_erased_at = $2
        WHERE id = $1 AND voter_data_erased_at IS NULL
       RETURNING id`,
      [id, at],
    );
    if (!erased.length) return false;
    await tx.query(
      `UPDATE open311_requests SET reporter_first_name = NULL, reporter_last_name = NULL, device_id = NULL,
              account_id = NULL
        WHERE submission_id = $1`,
      [id],
    );
    return true;
  }

  private openSubmissions(rows: SubmissionSqlRow[]): SubjectSubmissionRow[] {
    return openSubmissionContacts(this.cipher, rows).map(
      ({ clientName, reporterFirstName, reporterLastName, deviceId, accountId, addressString, ...row }) => ({
        ...row,
        open311:
          clientName === null
            ? null
            : {
                clientName,
                reporterFirstName: this.cipher.decrypt('name', reporterFirstName),
                reporterLastName: this.cipher.decrypt('name', reporterLastName),
                deviceId,
                accountId,
                addressString,
              },
      }),
    );
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
