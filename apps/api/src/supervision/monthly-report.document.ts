// Owns the monthly report (月报) as an official document for Word and PDF: the same figures, tables and notes as the
// printable page (monthly-report.html.ts), issued by the county people's congress standing committee's office.
import { chinaDay } from '@app/calendar';
import { chinaTimeOf } from '@app/contracts';
import { lastDayOf, ratio, REPORT_NOTES_ZH, summarize } from '@app/metrics';
import type { OfficialDocument } from '../common/export/official-document';
import {
  BREAKDOWN_HEADER,
  breakdownCells,
  days,
  monthlyReportTitle,
  overviewText,
  type MonthlyReport,
} from './monthly-report.html';

export function monthlyReportDocument(report: MonthlyReport): OfficialDocument {
  const [year, month] = report.month.split('-').map(Number);
  const s = summarize(report.total);
  const c = s.counts;
  const breakdownWidths = [3, ...BREAKDOWN_HEADER.map(() => 1.1)];
  const share = (count: number) => ratio(count, c.classified).display;
  return {
    issuer: `${report.countyName}人大常委会办公室`,
    title: monthlyReportTitle(report),
    subtitle: [
      `（${year}年${month}月）`,
      `统计期间：${report.period.from} 至 ${lastDayOf(report.period)}（按登记日期）  数据截至：${chinaTimeOf(report.asOf)}`,
    ],
    date: chinaDay(report.asOf),
    blocks: [
      { kind: 'heading', text: '一、总体情况' },
      { kind: 'paragraph', text: overviewText(report) },
      {
        kind: 'table',
        header: [
          '收集',
          '交办',
          '已答复',
          '答复率',
          '按期答复',
          '逾期答复',
          '按期答复率',
          '当前逾期',
          '当前督办中',
          '督办',
          '退回（次）',
        ],
        rows: [
          [
            String(c.collected),
            String(c.assigned),
            String(c.replied),
            s.rates.replyRate.display,
            String(c.repliedOnTime),
            String(c.late),
            s.rates.onTimeRate.display,
            String(c.overdueNow),
            String(c.underSupervisionNow),
            String(c.escalated),
            `${c.sentBack}（${s.sendBacks}）`,
          ],
        ],
      },
      {
        kind: 'table',
        header: [
          '满意',
          '基本满意',
          '不满意',
          '已评价',
          '未评价',
          '满意率',
          '首次答复用时中位数（工作日）',
          '首次答复用时90分位（工作日）',
        ],
        rows: [
          [
            String(c.satisfied),
            String(c.basicallySatisfied),
            String(c.unsatisfied),
            String(c.rated),
            String(c.notRated),
            s.rates.satisfactionRate.display,
            days(s.replyDays.median),
            days(s.replyDays.p90),
          ],
        ],
      },
      { kind: 'heading', text: '二、答复类别构成' },
      {
        kind: 'table',
        header: ['类别', '件数', '占比'],
        widths: [4, 1, 1],
        rows: [
          ['A类：已解决或基本解决', String(c.classA), share(c.classA)],
          ['B类：正在解决或列入计划解决', String(c.classB), share(c.classB)],
          ['C类：因条件限制暂不能解决，已作说明或留作参考', String(c.classC), share(c.classC)],
        ],
        footer: [
          `合计（解决率 ${s.rates.resolutionRate.display}）`,
          String(c.classified),
          c.classified > 0 ? '100.0%' : '—',
        ],
      },
      { kind: 'heading', text: '三、分乡镇情况' },
      {
        kind: 'table',
        header: ['乡镇（街道）', ...BREAKDOWN_HEADER],
        widths: breakdownWidths,
        rows: report.townships.map((row) => [row.name, ...breakdownCells(row.counts)]),
        footer: ['全县合计', ...breakdownCells(report.total)],
      },
      { kind: 'heading', text: '四、分承办单位情况' },
      report.departments.length > 0
        ? {
            kind: 'table',
            header: ['承办单位', ...BREAKDOWN_HEADER],
            widths: breakdownWidths,
            rows: report.departments.map((row) => [row.name, ...breakdownCells(row.counts)]),
          }
        : { kind: 'paragraph', text: '本月没有交办到承办单位的事项。' },
      { kind: 'heading', text: '五、指标说明' },
      { kind: 'list', items: [...REPORT_NOTES_ZH], note: true },
      {
        kind: 'paragraph',
        text: '本报告由联络系统根据办理记录自动生成，数据不作人工调整。',
        align: 'right',
        note: true,
      },
    ],
  };
}
