// Plain charts (no chart library): horizontal bars and month columns drawn with CSS, each bar a link to the issues
// behind it. Every chart is also a list a screen reader can read: label, figure, and the link.
import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { Flex, Tooltip, Typography } from 'antd';

export interface Bar {
  key: string;
  label: string;
  /** What the bar's length shows, 0..max. */
  value: number;
  /** The figure written beside the bar. */
  display: string;
  /** Where the bar leads: the issues behind it. */
  to?: string;
  hint?: string;
}

export function BarChart({ bars, max, label }: { bars: Bar[]; max?: number; label: string }) {
  const top = max ?? Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <ul className="bar-chart" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {bars.map((bar) => {
        const width = `${Math.max(0, Math.min(100, (bar.value / top) * 100))}%`;
        const text = (
          <>
            <span className="bar-track" aria-hidden="true" style={{ display: 'block' }}>
              <span className="bar-fill" style={{ display: 'block', width }} />
            </span>
          </>
        );
        return (
          <li key={bar.key} className="bar-row">
            <span title={bar.label} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {bar.label}
            </span>
            {text}
            <Tooltip title={bar.hint}>
              {bar.to ? (
                <Link to={bar.to} aria-label={`${bar.label}: ${bar.display}${bar.hint ? ` (${bar.hint})` : ''}`}>
                  {bar.display}
                </Link>
              ) : (
                <span>{bar.display}</span>
              )}
            </Tooltip>
          </li>
        );
      })}
    </ul>
  );
}

export interface Column {
  key: string;
  label: string;
  value: number;
  display: string;
  /** A second figure under the column (e.g. the month's reply rate). */
  note?: string;
  to?: string;
}

/** Columns for a trend: one per month, height by value, the figure on top and a note below. */
export function ColumnChart({ columns, label, height = 140 }: { columns: Column[]; label: string; height?: number }) {
  const top = Math.max(1, ...columns.map((column) => column.value));
  const scroller = useRef<HTMLDivElement>(null);
  // On a narrow screen the chart scrolls sideways: start at the latest month, the one people look at.
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollLeft = element.scrollWidth;
  }, [columns.length]);
  return (
    <div ref={scroller} style={{ overflowX: 'auto' }}>
      <ul
        aria-label={label}
        style={{
          listStyle: 'none',
          padding: 0,
          margin: 0,
          display: 'flex',
          gap: 6,
          alignItems: 'flex-end',
          minWidth: columns.length * 40,
        }}
      >
        {columns.map((column) => (
          <li key={column.key} style={{ flex: '1 1 0', minWidth: 34, textAlign: 'center', fontSize: 12 }}>
            <Flex vertical align="center" justify="flex-end" style={{ height }}>
              {column.to ? (
                <Link to={column.to} aria-label={`${column.label}: ${column.display}`}>
                  {column.display}
                </Link>
              ) : (
                <span>{column.display}</span>
              )}
              <span
                aria-hidden="true"
                style={{
                  display: 'block',
                  width: '70%',
                  height: `${Math.round((column.value / top) * (height - 22))}px`,
                  minHeight: column.value > 0 ? 2 : 0,
                  background: '#c62828',
                  borderRadius: '3px 3px 0 0',
                }}
              />
            </Flex>
            <div style={{ borderTop: '1px solid #d9d9d9', paddingTop: 2 }}>{column.label}</div>
            {column.note ? (
              <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                {column.note}
              </Typography.Text>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One bar split into parts (the A/B/C mix), with a legend whose figures link to the issues. */
export function StackedBar({ parts, label }: { parts: (Bar & { color: string })[]; label: string }) {
  const total = parts.reduce((sum, part) => sum + part.value, 0);
  return (
    <div>
      <div
        aria-hidden="true"
        style={{
          display: 'flex',
          height: 18,
          borderRadius: 4,
          overflow: 'hidden',
          background: '#f0f0f0',
          marginBottom: 8,
        }}
      >
        {parts.map((part) =>
          part.value > 0 ? (
            <span key={part.key} style={{ width: `${(part.value / total) * 100}%`, background: part.color }} />
          ) : null,
        )}
      </div>
      <ul
        aria-label={label}
        style={{ listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexWrap: 'wrap', gap: 12 }}
      >
        {parts.map((part) => (
          <li key={part.key} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
            <span
              aria-hidden="true"
              style={{ width: 10, height: 10, background: part.color, display: 'inline-block' }}
            />
            <span>{part.label}</span>
            {part.to ? (
              <Link to={part.to} aria-label={`${part.label}: ${part.display}`}>
                {part.display}
              </Link>
            ) : (
              <span>{part.display}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
