// Owns the SQL of the voter's channel: the public facts a QR code shows, submissions and their decisions, and what
// a voter's status page may read. Nothing here reads another voter's submission: every public read is by id and
// secret hash together. The contacts are stored encrypted (libs/personal-data): sealed on the way in, opened on the
// way out, looked up by their keyed hashes.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { escapeLike, queryRows } from '@app/database';
import type { VoterSubmissionStatus } from '@app/database';
import { openSubmissionContacts, PersonalDataCipher, sealSubmissionContacts } from '@app/personal-data';

export interface CodeTarget {
  stationId: string;
  stationName: string;
  stationRegionId: string;
  receptionRule: string | null;
  townshipRegionId: string;
  townshipName: string;
  /** The deputy whose code it is; null for the station's own code. */
  deputyId: string | null;
  deputyName: string | null;
}

export interface Place {
  id: string;
  name: string;
  level: string;
}

export interface NewSubmission {
  id: string;
  stationId: string;
  deputyId: string | null;
  placeRegionId: string;
  description: string;
  contactPhone: string | null;
  contactEmail: string | null;
  noticeVersion: string;
  secretHash: string;
  workflowId: string;
}

export interface SubmissionRow {
  id: string;
  stationId: string;
  stationName: string;
  stationRegionPath: string;
  liaisonOfficerUserId: string | null;
  /** The deputy who decides: the code's deputy, else the station's head. */
  deciderDeputyId: string | null;
  deciderDeputyName: string | null;
  deciderDeputyUserId: string | null;
  deputyId: string | null;
  placeRegionId: string;
  placeName: string;
  description: string;
  contactPhone: string | null;
  contactEmail: string | null;
  secretHash: string;
  status: VoterSubmissionStatus;
  decisionReason: string | null;
  issueId: string | null;
  decidedAt: Date | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  voterSolved: boolean | null;
  voterSolvedAt: Date | null;
  submittedAt: Date;
  workflowId: string;
}

/** What the voter's status page may know of the issue behind a submission (no other voter's data). */
export interface TrackedIssueRow {
  id: string;
  status: string;
  submittedAt: Date;
  assignedAt: Date | null;
  firstRepliedAt: Date | null;
  closedAt: Date | null;
}

export interface PublishedReplyRow {
  repliedAt: Date;
  replyClass: string;
  kind: string;
  text: string;
  departmentName: string;
}

const SUBMISSION_COLUMNS = `
  s.id, s.station_id AS "stationId", st.name AS "stationName", sr.path AS "stationRegionPath",
  st.liaison_officer_user_id AS "liaisonOfficerUserId", d.id AS "deciderDeputyId", d.name AS "deciderDeputyName",
  d.user_id AS "deciderDeputyUserId", s.deputy_id AS "deputyId", s.place_region_id AS "placeRegionId",
  pr.name AS "placeName", s.description, s.contact_phone AS "contactPhone", s.contact_email AS "contactEmail",
  s.secret_hash AS "secretHash", s.status, s.decision_reason AS "decisionReason", s.issue_id AS "issueId",
  s.decided_at AS "decidedAt", s.reminded_at AS "remindedAt", s.escalated_at AS "escalatedAt",
  s.voter_solved AS "voterSolved", s.voter_solved_at AS "voterSolvedAt", s.submitted_at AS "submittedAt",
  s.workflow_id AS "workflowId"`;

const SUBMISSION_FROM = `
  FROM voter_submissions s
  JOIN stations st ON st.id = s.station_id
  JOIN regions sr ON sr.id = st.region_id
  JOIN regions pr ON pr.id = s.place_region_id
  LEFT JOIN deputies d ON d.id = COALESCE(s.deputy_id, st.head_deputy_id)`;

@Injectable()
export class VoterSubmissionsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The station (and deputy, who must be one of its deputies) a code names; null when there is no such pair. */
  async codeTarget(stationId: string, deputyId: string | null): Promise<CodeTarget | null> {
    const [row] = await queryRows<CodeTarget>(
      this.db,
      `SELECT st.id AS "stationId", st.name AS "stationName", st.region_id AS "stationRegionId",
              st.reception_rule AS "receptionRule", t.id AS "townshipRegionId", t.name AS "townshipName",
              d.id AS "deputyId", d.name AS "deputyName"
         FROM stations st
         JOIN regions r ON r.id = st.region_id
         JOIN regions t ON t.id = CASE WHEN r.level = 'township' THEN r.id ELSE r.parent_id END
         LEFT JOIN station_deputies sd ON sd.station_id = st.id AND sd.deputy_id = $2
         LEFT JOIN deputies d ON d.id = sd.deputy_id
        WHERE st.id = $1 AND ($2::uuid IS NULL OR d.id IS NOT NULL)`,
      [stationId, deputyId],
    );
    return row ?? null;
  }

  /** The township and its villages and communities: where a voter of this station may say the problem is. */
  async places(townshipRegionId: string): Promise<Place[]> {
    return queryRows<Place>(
      this.db,
      `SELECT id, name, level FROM regions WHERE id = $1 OR parent_id = $1
        ORDER BY (level = 'township') DESC, name`,
      [townshipRegionId],
    );
  }

  /** Submissions from this phone number or email address since `since`. */
  async countByContact(phone: string | null, email: string | null, since: Date): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM voter_submissions
        WHERE submitted_at >= $3 AND ((contact_phone_hash = $1) OR (contact_email_hash = $2))`,
      [this.cipher.hash('phone', phone), this.cipher.hash('email', email), since],
    );
    return row.n;
  }

  /** Spends a captcha token's nonce: false when it was spent before. Long-expired nonces are cleared on the way. */
  async spendCaptcha(nonce: string, expiresAt: Date): Promise<boolean> {
    await this.db.query(`DELETE FROM voter_captcha_uses WHERE expires_at < now() - interval '1 day'`);
    const rows = await queryRows(
      this.db,
      `INSERT INTO voter_captcha_uses (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING RETURNING nonce`,
      [nonce, expiresAt],
    );
    return rows.length === 1;
  }

  async insert(tx: EntityManager, s: NewSubmission): Promise<Date> {
    const sealed = sealSubmissionContacts(this.cipher, s);
    const [row] = await queryRows<{ submittedAt: Date }>(
      tx,
      `INSERT INTO voter_submissions (id, station_id, deputy_id, place_region_id, description, contact_phone,
          contact_phone_hash, contact_email, contact_email_hash, notice_version, notice_accepted_at, secret_hash,
          workflow_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $11, $12)
       RETURNING submitted_at AS "submittedAt"`,
      [
        s.id,
        s.stationId,
        s.deputyId,
        s.placeRegionId,
        s.description,
        sealed.contactPhone,
        sealed.contactPhoneHash,
        sealed.contactEmail,
        sealed.contactEmailHash,
        s.noticeVersion,
        s.secretHash,
        s.workflowId,
      ],
    );
    return row.submittedAt;
  }

  /** Notes that the submission's workflow exists, so that the voter intake reconciler leaves it alone. */
  async markWorkflowStarted(id: string): Promise<void> {
    await this.db.query(
      `UPDATE voter_submissions SET workflow_started_at = now() WHERE id = $1 AND workflow_started_at IS NULL`,
      [id],
    );
  }

  async findById(id: string, tx?: EntityManager, forUpdate = false): Promise<SubmissionRow | null> {
    const rows = await queryRows<SubmissionRow>(
      tx ?? this.db,
      `SELECT ${SUBMISSION_COLUMNS} ${SUBMISSION_FROM} WHERE s.id = $1 ${forUpdate ? 'FOR UPDATE OF s' : ''}`,
      [id],
    );
    const [row] = openSubmissionContacts(this.cipher, rows);
    return row ?? null;
  }

  /**
   * The submissions a user decides on: a deputy's own code's, and their station's code's where they head it; a
   * liaison officer's stations' and those in their regions. Newest first.
   */
  async inbox(
    who: { userId: string; deputyId: string | null; liaisonRoots: string[] },
    status: VoterSubmissionStatus | undefined,
    page: { limit: number; offset: number },
  ): Promise<{ rows: SubmissionRow[]; total: number }> {
    const where = `(
        ($2::uuid IS NOT NULL AND d.id = $2)
        OR st.liaison_officer_user_id = $1
        OR sr.path = ANY($3::text[])
        OR sr.path LIKE ANY($4::text[])
      ) AND ($5::text IS NULL OR s.status = $5)`;
    const prefixes = who.liaisonRoots.map((root) => `${escapeLike(root)}/%`);
    const parameters = [who.userId, who.deputyId, who.liaisonRoots, prefixes, status ?? null];
    const rows = await queryRows<SubmissionRow>(
      this.db,
      `SELECT ${SUBMISSION_COLUMNS} ${SUBMISSION_FROM} WHERE ${where}
        ORDER BY s.submitted_at DESC, s.id LIMIT $6 OFFSET $7`,
      [...parameters, page.limit, page.offset],
    );
    const [count] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n ${SUBMISSION_FROM} WHERE ${where}`,
      parameters,
    );
    return { rows: openSubmissionContacts(this.cipher, rows), total: count.n };
  }

  /** Records the decision if the submission is still pending; false when someone decided first. */
  async decide(
    tx: EntityManager,
    id: string,
    decision: {
      status: 'accepted' | 'merged' | 'declined';
      issueId: string | null;
      reason: string | null;
      userId: string;
    },
  ): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `UPDATE voter_submissions
          SET status = $2, issue_id = $3, decision_reason = $4, decided_by_user_id = $5, decided_at = now()
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, decision.status, decision.issueId, decision.reason, decision.userId],
    );
    return rows.length === 1;
  }

  async recordVoterSolved(id: string, solved: boolean): Promise<void> {
    await this.db.query(`UPDATE voter_submissions SET voter_solved = $2, voter_solved_at = now() WHERE id = $1`, [
      id,
      solved,
    ]);
  }

  /**
   * The issue that carries the voter's problem: theirs, or the one it was merged into (重复件合并), following a chain
   * of merges to the issue still handling it, whose steps and reply are the voter's answer.
   */
  async trackedIssue(issueId: string): Promise<TrackedIssueRow | null> {
    const [row] = await queryRows<TrackedIssueRow>(
      this.db,
      `WITH RECURSIVE carried(id, depth) AS (
         SELECT id, 0 FROM issues WHERE id = $1
         UNION ALL SELECT i.merged_into_issue_id, c.depth + 1 FROM carried c JOIN issues i ON i.id = c.id
          WHERE i.merged_into_issue_id IS NOT NULL)
       SELECT i.id, i.status, i.submitted_at AS "submittedAt", i.assigned_at AS "assignedAt",
              i.first_replied_at AS "firstRepliedAt", i.closed_at AS "closedAt"
         FROM carried c JOIN issues i ON i.id = c.id ORDER BY c.depth DESC LIMIT 1`,
      [issueId],
    );
    return row ?? null;
  }

  /** The replies its departments marked publishable, oldest first. */
  async publishedReplies(issueId: string): Promise<PublishedReplyRow[]> {
    return queryRows<PublishedReplyRow>(
      this.db,
      `SELECT r.replied_at AS "repliedAt", r.reply_class AS "replyClass", r.kind, r.text,
              dep.name AS "departmentName"
         FROM replies r JOIN departments dep ON dep.id = r.department_id
        WHERE r.issue_id = $1 AND r.publishable ORDER BY r.replied_at, r.id`,
      [issueId],
    );
  }

  /** The reply's department, if it is a reply of this issue. */
  async replyDepartment(issueId: string, replyId: string): Promise<string | null> {
    const [row] = await queryRows<{ departmentId: string }>(
      this.db,
      `SELECT department_id AS "departmentId" FROM replies WHERE id = $2 AND issue_id = $1`,
      [issueId, replyId],
    );
    return row?.departmentId ?? null;
  }

  async setPublishable(replyId: string, publishable: boolean): Promise<void> {
    await this.db.query(`UPDATE replies SET publishable = $2 WHERE id = $1`, [replyId, publishable]);
  }

  /** The issue a submission may be merged into: its deputy, status, region path. */
  async mergeTarget(
    issueId: string,
  ): Promise<{ id: string; deputyId: string; status: string; regionPath: string } | null> {
    const [row] = await queryRows<{ id: string; deputyId: string; status: string; regionPath: string }>(
      this.db,
      `SELECT id, deputy_id AS "deputyId", status, region_path AS "regionPath" FROM issues WHERE id = $1`,
      [issueId],
    );
    return row ?? null;
  }

  /** The voter's solved/not-solved answers behind an issue, for the deputy beside their own rating. */
  async voterSolvedAnswers(issueId: string): Promise<{ solved: boolean; at: Date }[]> {
    return queryRows<{ solved: boolean; at: Date }>(
      this.db,
      `SELECT voter_solved AS solved, voter_solved_at AS at FROM voter_submissions
        WHERE issue_id = $1 AND voter_solved IS NOT NULL ORDER BY voter_solved_at`,
      [issueId],
    );
  }
}
