// Charts drawn by ECharts — only its core, the bar, line and pie charts and the SVG renderer are bundled — where
// every mark (a bar, a point, a slice) opens the issues behind it, and every chart carries the same figures as a
// table with the same links, for screen readers and keyboards (hidden until a link in it has focus).
// SVG rather than canvas: it prints sharp at any size, and the dashboard is printed. No animation: a printed page
// or a click shows the final figures, never a bar still growing.
import { useMemo, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import {
  BarChart as EBarChart,
  LineChart as ELineChart,
  PieChart as EPieChart,
  type BarSeriesOption,
  type LineSeriesOption,
  type PieSeriesOption,
} from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([EBarChart, ELineChart, EPieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type ChartOption = echarts.ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

const RED = '#c62828';
const BLUE = '#1565c0';

/** One figure of a chart: what its mark shows, what is written for it, and the issues behind it. */
export interface Mark {
  key: string;
  label: string;
  /** What the mark's size shows (a count, or a rate 0..1). */
  value: number | null;
  /** The figure as written (5, 92.1%, "92.1% (257/279)"). */
  display: string;
  /** Where the mark leads: the issues behind it. */
  to?: string;
}

/** [series][data index] → the route a click on that mark opens. */
type Routes = (string | undefined)[][];

function Chart({
  label,
  option,
  routes,
  height,
  figures,
}: {
  label: string;
  option: ChartOption;
  routes: Routes;
  height: number;
  figures: ReactNode;
}) {
  const navigate = useNavigate();
  const events = useMemo(
    () => ({
      click: (params: { seriesIndex?: number; dataIndex?: number }) => {
        const to = routes[params.seriesIndex ?? 0]?.[params.dataIndex ?? -1];
        if (to) void navigate(to);
      },
    }),
    [routes, navigate],
  );
  return (
    <figure className="chart" aria-label={label}>
      <div aria-hidden="true" className="chart-canvas">
        <ReactEChartsCore
          echarts={echarts}
          option={option}
          notMerge
          opts={{ renderer: 'svg' }}
          style={{ height, width: '100%' }}
          onEvents={events}
        />
      </div>
      {figures}
    </figure>
  );
}

/** The chart's figures as a table: a row per mark (its first cell names the row), each figure a link to its issues. */
function FiguresTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: Mark[][] }) {
  return (
    <table className="chart-figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((cells) => (
          <tr key={cells[0].key}>
            <th scope="row">{cells[0].label}</th>
            {cells.slice(1).map((cell) => (
              <td key={cell.key}>{cell.to ? <Link to={cell.to}>{cell.display}</Link> : cell.display}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface TrendPoint {
  key: string;
  /** The month as shown under its column. */
  label: string;
  /** The column: a count. */
  count: Mark;
  /** The line: a rate, 0..1, or null where it has no denominator. */
  rate: Mark;
}

/** Columns for a count by month, with a rate as a line on its own axis (0–100%). */
export function TrendChart({
  label,
  countLabel,
  rateLabel,
  points,
  monthLabel,
}: {
  label: string;
  countLabel: string;
  rateLabel: string;
  monthLabel: string;
  points: TrendPoint[];
}) {
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: [countLabel, rateLabel] },
      grid: { left: 8, right: 8, top: 28, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => p.label) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        {
          name: countLabel,
          type: 'bar',
          data: points.map((p) => p.count.value ?? 0),
          itemStyle: { color: RED },
          label: { show: true, position: 'top' },
          barMaxWidth: 36,
          cursor: 'pointer',
        },
        {
          name: rateLabel,
          type: 'line',
          yAxisIndex: 1,
          data: points.map((p) => (p.rate.value === null ? null : Math.round(p.rate.value * 1000) / 10)),
          itemStyle: { color: BLUE },
          symbolSize: 8,
          connectNulls: false,
          tooltip: { valueFormatter: (value) => (typeof value === 'number' ? `${value}%` : '—') },
          cursor: 'pointer',
        },
      ],
    }),
    [points, countLabel, rateLabel],
  );
  const routes = useMemo<Routes>(() => [points.map((p) => p.count.to), points.map((p) => p.rate.to)], [points]);
  return (
    <Chart
      label={label}
      option={option}
      routes={routes}
      height={240}
      figures={
        <FiguresTable
          caption={label}
          columns={[monthLabel, countLabel, rateLabel]}
          rows={points.map((p) => [{ key: p.key, label: p.label, value: null, display: p.label }, p.count, p.rate])}
        />
      }
    />
  );
}

/** A ring of parts of one whole (the A/B/C mix), each slice and its legend figure linked to its issues. */
export function DonutChart({
  label,
  partLabel,
  countLabel,
  parts,
}: {
  label: string;
  partLabel: string;
  countLabel: string;
  parts: (Mark & { color: string })[];
}) {
  // An empty part has no slice to click (its label would only crowd the ring); the table still lists it.
  const shown = useMemo(() => parts.filter((part) => (part.value ?? 0) > 0), [parts]);
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['42%', '68%'],
          center: ['50%', '45%'],
          data: shown.map((part) => ({ name: part.label, value: part.value ?? 0, itemStyle: { color: part.color } })),
          label: { formatter: '{b}: {c}' },
          cursor: 'pointer',
        },
      ],
    }),
    [shown],
  );
  const routes = useMemo<Routes>(() => [shown.map((part) => part.to)], [shown]);
  return (
    <Chart
      label={label}
      option={option}
      routes={routes}
      height={220}
      figures={
        <FiguresTable
          caption={label}
          columns={[partLabel, countLabel]}
          rows={parts.map((part) => [{ ...part, key: `${part.key}-name`, display: part.label }, part])}
        />
      }
    />
  );
}

/** Horizontal bars, one per part, in the order given (the first on top), each written out beside its bar. */
export function RankingChart({
  label,
  partLabel,
  valueLabel,
  bars,
  max,
}: {
  label: string;
  partLabel: string;
  valueLabel: string;
  bars: Mark[];
  /** The axis maximum (1 for rates); by default the largest value. */
  max?: number;
}) {
  const option = useMemo<ChartOption>(() => {
    // ECharts draws the first category at the bottom: reverse, so the list reads top-down as given.
    const shown = [...bars].reverse();
    return {
      animation: false,
      tooltip: { trigger: 'item', formatter: (params) => tooltipOf(shown, params) },
      grid: { left: 8, right: 120, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max, show: false },
      yAxis: {
        type: 'category',
        data: shown.map((bar) => bar.label),
        axisTick: { show: false },
        axisLabel: { width: 96, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: shown.map((bar) => bar.value ?? 0),
          itemStyle: { color: RED, borderRadius: [0, 3, 3, 0] },
          showBackground: true,
          backgroundStyle: { color: '#f0f0f0' },
          barMaxWidth: 16,
          label: {
            show: true,
            position: 'right',
            formatter: (params: { dataIndex: number }) => shown[params.dataIndex]?.display ?? '',
          },
          cursor: 'pointer',
        },
      ],
    };
  }, [bars, max]);
  const routes = useMemo<Routes>(() => [[...bars].reverse().map((bar) => bar.to)], [bars]);
  return (
    <Chart
      label={label}
      option={option}
      routes={routes}
      height={Math.max(80, bars.length * 30 + 16)}
      figures={
        <FiguresTable
          caption={label}
          columns={[partLabel, valueLabel]}
          rows={bars.map((bar) => [{ ...bar, key: `${bar.key}-name`, display: bar.label, to: undefined }, bar])}
        />
      }
    />
  );
}

function tooltipOf(bars: Mark[], params: unknown): string {
  const index = (params as { dataIndex?: number }).dataIndex ?? -1;
  const bar = bars[index];
  return bar ? `${escapeText(bar.label)}: ${escapeText(bar.display)}` : '';
}

/** Tooltips are HTML: a region or department name is text. */
function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
