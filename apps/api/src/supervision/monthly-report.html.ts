// Owns the printable monthly report of a county (月报): one HTML page, in Chinese, that prints on A4 as it shows.
// It renders figures it is given; every one of them was computed from the records by @app/metrics.
import {
  REPORT_NOTES_ZH,
  summarize,
  type MetricCounts,
  type MetricSummary,
  type Period,
  ratio,
  lastDayOf,
} from '@app/metrics';
import { chinaTimeOf } from '@app/contracts';
import { escapeHtml } from '../common/html';

export interface ReportRow {
  name: string;
  counts: MetricCounts;
}

export interface MonthlyReport {
  countyName: string;
  month: string;
  period: Period;
  asOf: Date;
  total: MetricCounts;
  townships: ReportRow[];
  departments: ReportRow[];
}

export function monthlyReportTitle(report: MonthlyReport): string {
  return `${report.countyName}代表联络站群众意见建议办理情况月报`;
}

/** The first paragraph of the report: the county's figures in one sentence. */
export function overviewText(report: MonthlyReport): string {
  const s = summarize(report.total);
  const c = s.counts;
  return (
    `本月全县各代表联络站共收集群众意见建议${c.collected}件，已交办${c.assigned}件，已答复${c.replied}件，` +
    `答复率${s.rates.replyRate.display}；按期答复率${s.rates.onTimeRate.display}；当前逾期（已过期限未答复）` +
    `${c.overdueNow}件，当前督办中${c.underSupervisionNow}件，累计督办${c.escalated}件；` +
    `解决率${s.rates.resolutionRate.display}，满意率${s.rates.satisfactionRate.display}。`
  );
}

export const BREAKDOWN_HEADER = [
  '收集',
  '已答复',
  '答复率',
  '按期答复率',
  '当前逾期',
  '当前督办中',
  '督办',
  'A/B/C',
  '解决率',
  '满意率',
] as const;

/** One township's or department's line of a breakdown table, after its name (BREAKDOWN_HEADER's columns). */
export function breakdownCells(counts: MetricCounts): string[] {
  const s: MetricSummary = summarize(counts);
  const c = s.counts;
  return [
    String(c.collected),
    String(c.replied),
    s.rates.replyRate.display,
    s.rates.onTimeRate.display,
    String(c.overdueNow),
    String(c.underSupervisionNow),
    String(c.escalated),
    `${c.classA}/${c.classB}/${c.classC}`,
    s.rates.resolutionRate.display,
    s.rates.satisfactionRate.display,
  ];
}

export function renderMonthlyReport(report: MonthlyReport): string {
  const [year, month] = report.month.split('-').map(Number);
  const title = monthlyReportTitle(report);
  const s = summarize(report.total);
  const c = s.counts;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}（${year}年${month}月）</title>
<style>
  @page { size: A4; margin: 18mm 15mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 11pt; color: #000; margin: 0 auto; max-width: 190mm; }
  h1 { font-size: 17pt; text-align: center; margin: 0 0 4pt; }
  .sub { text-align: center; margin: 0 0 14pt; }
  h2 { font-size: 13pt; margin: 16pt 0 6pt; }
  p.lead { text-indent: 2em; line-height: 1.7; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 8pt; }
  th, td { border: 0.5pt solid #000; padding: 3pt 4pt; text-align: center; }
  th { font-weight: bold; background: #eee; }
  td.name { text-align: left; }
  tr { page-break-inside: avoid; }
  tfoot td { font-weight: bold; }
  ol.notes { font-size: 9pt; line-height: 1.5; padding-left: 1.5em; }
  .foot { margin-top: 14pt; font-size: 9pt; text-align: right; }
  @media print { .noprint { display: none; } }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">（${year}年${month}月）</p>
<p class="sub">统计期间：${report.period.from} 至 ${lastDayOf(report.period)}（按登记日期）&emsp;数据截至：${chinaTimeOf(report.asOf)}</p>

<h2>一、总体情况</h2>
<p class="lead">${escapeHtml(overviewText(report))}</p>
<table>
  <thead><tr><th>收集</th><th>交办</th><th>已答复</th><th>答复率</th><th>按期答复</th><th>逾期答复</th><th>按期答复率</th><th>当前逾期</th><th>当前督办中</th><th>督办</th><th>退回（次）</th></tr></thead>
  <tbody><tr><td>${c.collected}</td><td>${c.assigned}</td><td>${c.replied}</td><td>${s.rates.replyRate.display}</td><td>${c.repliedOnTime}</td><td>${c.late}</td><td>${s.rates.onTimeRate.display}</td><td>${c.overdueNow}</td><td>${c.underSupervisionNow}</td><td>${c.escalated}</td><td>${c.sentBack}（${s.sendBacks}）</td></tr></tbody>
</table>
<table>
  <thead><tr><th>满意</th><th>基本满意</th><th>不满意</th><th>已评价</th><th>未评价</th><th>满意率</th><th>首次答复用时中位数（工作日）</th><th>首次答复用时90分位（工作日）</th></tr></thead>
  <tbody><tr><td>${c.satisfied}</td><td>${c.basicallySatisfied}</td><td>${c.unsatisfied}</td><td>${c.rated}</td><td>${c.notRated}</td><td>${s.rates.satisfactionRate.display}</td><td>${days(s.replyDays.median)}</td><td>${days(s.replyDays.p90)}</td></tr></tbody>
</table>

<h2>二、答复类别构成</h2>
<table>
  <thead><tr><th>类别</th><th>件数</th><th>占比</th></tr></thead>
  <tbody>
    <tr><td class="name">A类：已解决或基本解决</td><td>${c.classA}</td><td>${ratio(c.classA, c.classified).display}</td></tr>
    <tr><td class="name">B类：正在解决或列入计划解决</td><td>${c.classB}</td><td>${ratio(c.classB, c.classified).display}</td></tr>
    <tr><td class="name">C类：因条件限制暂不能解决，已作说明或留作参考</td><td>${c.classC}</td><td>${ratio(c.classC, c.classified).display}</td></tr>
  </tbody>
  <tfoot><tr><td class="name">合计（解决率 ${s.rates.resolutionRate.display}）</td><td>${c.classified}</td><td>${c.classified > 0 ? '100.0%' : '—'}</td></tr></tfoot>
</table>

<h2>三、分乡镇情况</h2>
${breakdown('乡镇（街道）', report.townships, { name: '全县合计', counts: report.total })}

<h2>四、分承办单位情况</h2>
${report.departments.length > 0 ? breakdown('承办单位', report.departments, null) : '<p>本月没有交办到承办单位的事项。</p>'}

<h2>五、指标说明</h2>
<ol class="notes">
${REPORT_NOTES_ZH.map((note) => `  <li>${escapeHtml(note)}</li>`).join('\n')}
</ol>
<p class="foot">本报告由联络系统根据办理记录自动生成，数据不作人工调整。</p>
</body>
</html>
`;
}

function breakdown(label: string, rows: ReportRow[], total: ReportRow | null): string {
  const line = (row: ReportRow) =>
    `<tr><td class="name">${escapeHtml(row.name)}</td>${breakdownCells(row.counts)
      .map((cell) => `<td>${cell}</td>`)
      .join('')}</tr>`;
  return `<table>
  <thead><tr><th>${escapeHtml(label)}</th>${BREAKDOWN_HEADER.map((title) => `<th>${title}</th>`).join('')}</tr></thead>
  <tbody>
${rows.map((row) => `    ${line(row)}`).join('\n')}
  </tbody>${total ? `\n  <tfoot>${line(total)}</tfoot>` : ''}
</table>`;
}

export function days(value: number | null): string {
  return value === null ? '—' : String(value);
}
