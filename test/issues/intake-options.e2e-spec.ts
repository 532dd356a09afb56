// What the issue form offers a deputy is what intake accepts: their stations, each township's places, the categories.
import { expectStatus, startIssueApp, type IssueTestApp } from './support/issue-app';

interface Options {
  stations: { id: string; name: string; places: { id: string; name: string }[] }[];
  categories: { id: string; name: string }[];
}

describe('GET /api/intake-options', () => {
  let t: IssueTestApp;

  beforeAll(async () => {
    t = await startIssueApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it("lists the deputy's stations with their township's places, and the active categories", async () => {
    const options = expectStatus<Options>(
      await t.http.get('/api/intake-options', await t.tokenOf('deputy.zhangzhiqiang')),
      200,
    );
    const served = await t.db.query<{ name: string }[]>(
      `SELECT s.name FROM stations s JOIN station_deputies sd ON sd.station_id = s.id
       JOIN users u ON u.deputy_id = sd.deputy_id WHERE u.username = 'deputy.zhangzhiqiang' ORDER BY s.name`,
    );
    expect(options.stations.map((s) => s.name).sort()).toEqual(served.map((s) => s.name).sort());
    const home = options.stations.find((s) => s.name.includes('荣家湾镇'));
    expect(home?.places.map((p) => p.name)).toEqual(expect.arrayContaining(['荣家湾镇', '城东社区', '白石村']));
    expect(home?.places[0].name).toBe('荣家湾镇'); // the township first, then its villages
    expect(home?.places.map((p) => p.name)).not.toContain('黄沙社区'); // another township's community
    expect(options.categories.map((c) => c.name)).toEqual(expect.arrayContaining(['道路交通', '饮水与水利', '其他']));
  });

  it('is for deputies only', async () => {
    expect((await t.http.get('/api/intake-options', await t.tokenOf('dept.jiaotong.rongjiawan'))).status).toBe(403);
    expect((await t.http.get('/api/intake-options')).status).toBe(401);
  });
});
