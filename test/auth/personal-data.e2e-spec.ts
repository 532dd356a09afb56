// Voters' personal data: masked for everyone but the issue's deputy, its lead department and the liaison
// officers and supervisors whose scope covers it; every unmasked read leaves a data_access_log row.
import { BadRequestException } from '@nestjs/common';
import type { AuthUser } from '../../apps/api/src/auth/auth-user';
import { PersonalDataService, type VoterDataFacts } from '../../apps/api/src/auth/personal-data.service';
import { ACTOR_NAMES, type Actor, addMissingActors, signInActors } from './support/actors';
import { insertIssue, type IssueFixture } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { match } from './support/matchers';

const UNMASKED_FOR: Record<Exclude<Actor, 'anonymous'>, boolean> = {
  admin: false,
  'supervisor in scope': true,
  'county supervisor': true,
  'supervisor out of scope': false,
  'liaison in scope': true,
  'liaison out of scope': false,
  'deputy who submitted': true,
  'other deputy': false,
  'lead department': true,
  'unassigned department': false,
};

const VOTER = {
  name: '张三丰',
  phone: '13812345678',
  idNumber: '430621199001011234',
  address: '荣家湾镇城东社区建设路12号3栋401',
};
const MASKED = {
  name: '张**',
  phone: '138****5678',
  idNumber: '430621********1234',
  address: '岳阳市岳阳县荣家湾镇***',
  masked: true,
};

describe('personal data', () => {
  let t: TestApp;
  let service: PersonalDataService;
  let users: Map<Actor, AuthUser>;
  let fixture: IssueFixture;
  let issue: VoterDataFacts;

  async function logRows(issueId: string) {
    return t.db.query<{ user_id: string; fields: string[]; purpose: string; at: Date }[]>(
      `SELECT user_id, fields, purpose, at FROM data_access_log WHERE issue_id = $1 ORDER BY id`,
      [issueId],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    service = t.app.get(PersonalDataService);
    await addMissingActors(t);
    ({ users } = await signInActors(t));
    fixture = await insertIssue(t.db, { voter: VOTER });
    issue = {
      ...fixture,
      voterName: VOTER.name,
      voterPhone: VOTER.phone,
      voterIdNumber: VOTER.idNumber,
      voterAddress: VOTER.address,
    };
  });

  afterAll(async () => {
    await t?.close();
  });

  it('every actor has an expectation', () => {
    expect(Object.keys(UNMASKED_FOR).sort()).toEqual(ACTOR_NAMES.filter((a) => a !== 'anonymous').sort());
  });

  it.each(Object.entries(UNMASKED_FOR) as [Exclude<Actor, 'anonymous'>, boolean][])(
    '%s sees it unmasked: %s, and an unmasked read is logged',
    async (actor, unmasked) => {
      const user = users.get(actor)!;
      const before = (await logRows(issue.id)).length;
      const view = await service.forViewer(user, issue, 'view_issue');
      const after = await logRows(issue.id);
      expect(service.canSeeUnmasked(user, issue)).toBe(unmasked);
      if (unmasked) {
        expect(view).toEqual({ ...VOTER, masked: false });
        expect(after).toHaveLength(before + 1);
        expect(after.at(-1)).toEqual({
          user_id: user.id,
          fields: ['voter_name', 'voter_phone', 'voter_id_number', 'voter_address'],
          purpose: 'view_issue',
          at: match.any(Date),
        });
      } else {
        expect(view).toEqual(MASKED);
        expect(after).toHaveLength(before);
      }
    },
  );

  it('logs only the fields that held data', async () => {
    const sparse = await insertIssue(t.db, { voter: { name: '李四', phone: null, idNumber: null, address: null } });
    const facts = { ...sparse, voterName: '李四', voterPhone: null, voterIdNumber: null, voterAddress: null };
    const view = await service.forViewer(users.get('lead department')!, facts, 'handle_issue');
    expect(view).toEqual({ name: '李四', phone: null, idNumber: null, address: null, masked: false });
    expect((await logRows(sparse.id)).map((r) => r.fields)).toEqual([['voter_name']]);
    expect(await service.masked(facts)).toEqual({
      name: '李**',
      phone: null,
      idNumber: null,
      address: null,
      masked: true,
    });
  });

  it('masks exports and lists, for everyone, without logging', async () => {
    const before = (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM data_access_log`))[0].n;
    const other = await insertIssue(t.db, {
      village: 'xinkai',
      township: 'huangshajie',
      station: 'huangshajie',
      deputyUsername: 'deputy.liuchunhua',
      lead: 'shehui.huangshajie',
      co: 'nongye.huangshajie',
      voter: { name: '欧阳娜娜', phone: '+86 139 0000 1111', idNumber: '43062119900101123X', address: '新开村' },
    });
    const rows = [
      issue,
      {
        ...other,
        voterName: '欧阳娜娜',
        voterPhone: '+86 139 0000 1111',
        voterIdNumber: '43062119900101123X',
        voterAddress: '新开村',
      },
    ];
    expect(await service.maskedMany(rows)).toEqual([
      MASKED,
      {
        name: '欧**',
        phone: '139****1111',
        idNumber: '430621********123X',
        address: '岳阳市岳阳县黄沙街镇***',
        masked: true,
      },
    ]);
    expect((await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM data_access_log`))[0].n).toBe(before);
  });

  it('needs a purpose to unmask', async () => {
    await expect(service.forViewer(users.get('deputy who submitted')!, issue, '  ')).rejects.toBeInstanceOf(
      BadRequestException,
    );
  });

  it('writes the log row in the caller’s transaction', async () => {
    const before = (await logRows(issue.id)).length;
    await expect(
      t.db.transaction(async (tx) => {
        await service.forViewer(users.get('supervisor in scope')!, issue, 'supervise', tx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await logRows(issue.id)).toHaveLength(before);
  });
});
