// Owns the dashboard's figures as a workbook (导出Excel): the same breakdown the dashboard shows — the region's
// total, each month, each township, each lead department, and the A/B/C mix — one sheet each, counts and rates as
// numbers (a rate in per cent, one decimal, empty where it has no denominator).
import type { Cell } from '../common/export/cell';
import type { Sheet } from '../common/export/xlsx';
import { lastDayOf } from '@app/metrics';
import type { RatesBreakdownView, RatesView } from './supervision.dto';

const HEADER = [
  '收集',
  '交办',
  '已答复',
  '答复率（%）',
  '按期答复',
  '逾期答复',
  '按期答复率（%）',
  '当前逾期',
  '当前督办中',
  '督办',
  'A类',
  'B类',
  'C类',
  '解决率（%）',
  '已评价',
  '满意率（%）',
];

const percent = (value: number | null): Cell => (value === null ? null : Math.round(value * 1000) / 10);

function figures(view: RatesView): Cell[] {
  const c = view.counts;
  const r = view.rates;
  return [
    c.collected.value,
    c.assigned.value,
    c.replied.value,
    percent(r.replyRate.value),
    c.repliedOnTime.value,
    c.late.value,
    percent(r.onTimeRate.value),
    c.overdueNow.value,
    c.underSupervisionNow.value,
    c.escalated.value,
    c.classA.value,
    c.classB.value,
    c.classC.value,
    percent(r.resolutionRate.value),
    c.rated.value,
    percent(r.satisfactionRate.value),
  ];
}

export function breakdownWorkbookName(view: RatesBreakdownView): string {
  return `${view.scope.name}办理统计（${view.period.from}至${lastDayOf(view.period)}）`;
}

export function breakdownSheets(view: RatesBreakdownView): Sheet[] {
  const title = (what: string) => `${view.scope.name} ${what} ${view.period.from} 至 ${lastDayOf(view.period)}`;
  const table = (name: string, label: string, rows: [string, RatesView][]): Sheet => ({
    name,
    title: title(name),
    header: [label, ...HEADER],
    widths: [22, ...HEADER.map((h) => Math.max(8, [...h].length * 2))],
    rows: rows.map(([key, part]) => [key, ...figures(part)]),
  });
  return [
    table('总体', '范围', [[view.scope.name, view.total]]),
    table(
      '按月',
      '月份',
      view.byMonth.map((month) => [month.month, month]),
    ),
    table(
      '按乡镇',
      '乡镇（街道）',
      view.byTownship.map((part) => [part.scope.name, part]),
    ),
    table(
      '按承办单位',
      '承办单位',
      view.byDepartment.map((part) => [part.scope.name, part]),
    ),
    {
      name: '答复类别',
      title: title('答复类别构成'),
      header: ['类别', '说明', '件数', '占比（%）'],
      widths: [8, 40, 10, 12],
      rows: view.classMix.map((part) => [
        `${part.replyClass}类`,
        part.label,
        part.count.value,
        percent(part.share.value),
      ]),
    },
  ];
}
