// Owns the station ledgers and the deputy's performance file as files for the archive (CSV or XLSX): the problems
// reported (反映问题登记簿) with their referral and reply, and a deputy's issues, replies and ratings (履职档案).
// Voter data is always masked in these files. The voter-reception register (接待选民登记簿) and a deputy's reception
// duties come from the reception days (apps/api/src/reception); the visits register (走访选民) is still header-only.
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { chinaDay } from '@app/calendar';
import { ISSUE_STATUS_LABELS, RATING_LABELS, type IssueStatus, type RecordedRating } from '@app/contracts';
import { LEDGER_MAX_ROWS, lastDayOf, MetricsRepository, summarize, type IssueRow, type Period } from '@app/metrics';
import { PersonalDataCipher } from '@app/personal-data';
import type { AuthUser } from '../auth/auth-user';
import { PersonalDataService, type VoterView } from '../auth/personal-data.service';
import { Clock } from '../common/clock';
import { dateCell, type Cell } from '../common/export/cell';
import { toCsv } from '../common/export/csv';
import type { DownloadFile } from '../common/export/download';
import { toXlsx, XLSX_MIME, type Sheet } from '../common/export/xlsx';
import { periodOf } from './rates.service';
import { SupervisionScopeService } from './supervision-scope.service';
import type { LedgerQuery } from './supervision.dto';
import { SupervisionRepository } from './supervision.repository';
import { attendanceSheet } from '../attendance/attendance-sheet';
import { dutySheet, receptionSheet } from '../reception/reception-ledger';

export type LedgerFile = DownloadFile;

interface Column {
  title: string;
  width: number;
  value: (row: IssueRow, voter: VoterView, index: number) => Cell;
}

const day = (instant: Date | null): Cell => dateCell(instant ? chinaDay(new Date(instant)) : null);
const yesNo = (value: boolean | null): string | null => (value === null ? null : value ? '是' : '否');

const COLUMNS = {
  number: { title: '序号', width: 6, value: (_r, _v, i) => i + 1 },
  submitted: { title: '登记日期', width: 12, value: (r) => day(r.submittedAt) },
  deputy: { title: '反映代表', width: 10, value: (r) => r.deputyName },
  station: { title: '联络站', width: 22, value: (r) => r.stationName },
  voterName: { title: '选民姓名', width: 10, value: (_r, v) => v.name },
  voterPhone: { title: '联系电话', width: 14, value: (_r, v) => v.phone },
  voterAddress: { title: '选民住址', width: 24, value: (_r, v) => v.address },
  place: {
    title: '事项地点',
    width: 16,
    value: (r) => (r.placeName === r.townshipName ? r.placeName : `${r.townshipName}${r.placeName}`),
  },
  category: { title: '问题类别', width: 12, value: (r) => r.categoryName },
  description: { title: '反映内容', width: 40, value: (r) => r.description },
  department: { title: '交办单位', width: 22, value: (r) => r.leadDepartmentName },
  assigned: { title: '交办日期', width: 12, value: (r) => day(r.assignedAt) },
  due: { title: '答复期限', width: 12, value: (r) => day(r.dueAt) },
  replied: { title: '首次答复日期', width: 14, value: (r) => day(r.firstRepliedAt) },
  replyClass: { title: '答复类别', width: 10, value: (r) => r.replyClass },
  onTime: { title: '是否按期答复', width: 14, value: (r) => yesNo(r.firstReplyOnTime) },
  rating: {
    title: '评价',
    width: 10,
    value: (r) => (r.satisfaction ? (RATING_LABELS[r.satisfaction as RecordedRating] ?? r.satisfaction) : null),
  },
  status: { title: '办理状态', width: 10, value: (r) => ISSUE_STATUS_LABELS[r.status as IssueStatus] ?? r.status },
  level: { title: '督办级别', width: 10, value: (r) => r.escalationLevel },
  id: { title: '事项编号', width: 38, value: (r) => r.id },
} satisfies Record<string, Column>;

const C = COLUMNS;
export const STATION_LEDGER_COLUMNS: Column[] = [
  C.number,
  C.submitted,
  C.deputy,
  C.voterName,
  C.voterPhone,
  C.voterAddress,
  C.place,
  C.category,
  C.description,
  C.department,
  C.assigned,
  C.due,
  C.replied,
  C.replyClass,
  C.onTime,
  C.rating,
  C.status,
  C.level,
  C.id,
];
export const DEPUTY_FILE_COLUMNS: Column[] = [
  C.number,
  C.submitted,
  C.station,
  C.voterName,
  C.voterPhone,
  C.place,
  C.category,
  C.description,
  C.department,
  C.assigned,
  C.replied,
  C.replyClass,
  C.onTime,
  C.rating,
  C.status,
  C.id,
];

/** The visits register arrives with visits: a header-only sheet for now. */
export const VISIT_SHEET: Sheet = {
  name: '走访选民登记簿',
  header: ['序号', '走访日期', '走访代表', '走访对象', '地点', '了解情况', '处理情况'],
  rows: [],
};

@Injectable()
export class LedgersService {
  /** For the attendance sheet of the performance file; a property, so the constructor stays as it is. */
  @InjectDataSource() private readonly attendanceDb!: DataSource;
  /** For the reception register and duties (apps/api/src/reception/reception-ledger.ts); a property, likewise. */
  @InjectDataSource() private readonly receptionDb!: DataSource;
  /** Opens the voters' phones of the reception register (masked there); a property, likewise. */
  @Inject(PersonalDataCipher) private readonly cipher!: PersonalDataCipher;

  constructor(
    @Inject(MetricsRepository) private readonly metrics: MetricsRepository,
    @Inject(SupervisionRepository) private readonly repository: SupervisionRepository,
    @Inject(SupervisionScopeService) private readonly scopes: SupervisionScopeService,
    @Inject(PersonalDataService) private readonly personalData: PersonalDataService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async stationLedger(user: AuthUser, stationRef: string, query: LedgerQuery): Promise<LedgerFile> {
    const period = periodOf(query);
    const station = await this.repository.station(stationRef);
    if (!station) throw new NotFoundException('Station not found');
    this.scopes.assertWithin(user, station.path);
    const rows = tooMany(await this.metrics.stationLedger(station.id, period));
    const table = await this.table(STATION_LEDGER_COLUMNS, rows);
    const name = `${station.name}-反映问题登记簿-${period.from}至${lastDayOf(period)}`;
    if (query.format === 'csv') return csvFile(name, table);
    const problems: Sheet = { name: '反映问题登记簿', ...table };
    const receptions = await receptionSheet(this.receptionDb, this.cipher, station.id, period);
    return xlsxFile(name, `${station.name} · ${periodText(period)}`, [problems, receptions, VISIT_SHEET]);
  }

  async deputyFile(user: AuthUser, deputyId: string, query: LedgerQuery): Promise<LedgerFile> {
    const period = periodOf(query);
    const resolved = await this.scopes.resolve(user, { deputy: deputyId }, { ownDeputy: true });
    if (resolved.scope.kind !== 'deputy') throw new Error('a deputy scope was expected');
    const rows = tooMany(await this.metrics.deputyLedger(deputyId, period, resolved.scope.regionRoots));
    const table = await this.table(DEPUTY_FILE_COLUMNS, rows);
    const name = `${resolved.view.name}-履职档案-${period.from}至${lastDayOf(period)}`;
    if (query.format === 'csv') return csvFile(name, table);
    const summary = summarize(await this.metrics.counts(resolved.scope, period, this.clock.now()));
    const { counts, rates } = summary;
    const duties = await dutySheet(this.receptionDb, deputyId, period); // receptions on duty, held or not
    const overview: Sheet = {
      name: '履职档案汇总',
      header: ['项目', '数值'],
      widths: [24, 40],
      rows: [
        ['代表', resolved.view.name],
        ['期间', `${period.from} 至 ${lastDayOf(period)}`],
        ['反映问题', counts.collected],
        ['已交办', counts.assigned],
        ['已答复', counts.replied],
        ['答复率', rates.replyRate.display],
        ['按期答复率', rates.onTimeRate.display],
        ['A类（已解决或基本解决）', counts.classA],
        ['B类（正在解决或列入计划）', counts.classB],
        ['C类（暂不能解决）', counts.classC],
        ['满意', counts.satisfied],
        ['基本满意', counts.basicallySatisfied],
        ['不满意', counts.unsatisfied],
        ['未评价', counts.notRated],
        ['满意率', rates.satisfactionRate.display],
        ['接待日值班', duties.figures.onDuty],
        ['接待日出席', duties.figures.present],
        ['接待日缺席', duties.figures.absent],
        ['值班接待日未举行', duties.figures.notHeld],
      ],
    };
    const attendance = await attendanceSheet(this.attendanceDb, deputyId, period); // 列席常委会会议 (apps/api/src/attendance)
    return xlsxFile(name, `${resolved.view.name} · ${periodText(period)}`, [
      overview,
      { name: '反映问题', ...table },
      duties.sheet,
      attendance,
    ]);
  }

  private async table(columns: Column[], rows: IssueRow[]): Promise<Pick<Sheet, 'header' | 'rows' | 'widths'>> {
    const voters = await this.personalData.maskedMany(rows);
    return {
      header: columns.map((c) => c.title),
      widths: columns.map((c) => c.width),
      rows: rows.map((row, index) => columns.map((c) => c.value(row, voters[index], index))),
    };
  }
}

function tooMany(rows: IssueRow[]): IssueRow[] {
  if (rows.length > LEDGER_MAX_ROWS) {
    throw new BadRequestException(`More than ${LEDGER_MAX_ROWS} issues in this period: export a shorter one`);
  }
  return rows;
}

function csvFile(name: string, table: Pick<Sheet, 'header' | 'rows'>): LedgerFile {
  return { body: toCsv(table.header, table.rows), contentType: 'text/csv; charset=utf-8', fileName: `${name}.csv` };
}

/** Each sheet titled with whose register it is and the period, unless it brings a title of its own. */
async function xlsxFile(name: string, owner: string, sheets: Sheet[]): Promise<LedgerFile> {
  const titled = sheets.map((sheet) => ({ ...sheet, title: sheet.title ?? `${owner} · ${sheet.name}` }));
  return { body: await toXlsx(titled), contentType: XLSX_MIME, fileName: `${name}.xlsx` };
}

function periodText(period: Period): string {
  return `${period.from} 至 ${lastDayOf(period)}`;
}
