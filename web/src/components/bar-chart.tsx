/**
 * A horizontal bar chart in SVG, with no chart library: one row per item (the label above its
 * bar, the value at the bar's end). Bars are placed in percentages of the chart's width and
 * the SVG has no viewBox, so text keeps its size at phone width. The numbers are also in the
 * table the page puts beside each chart; the SVG is labelled as an image for screen readers.
 * @module
 */
import { useId } from 'react';

export interface BarItem {
  label: string;
  value: number;
  /** A second figure shown after the value (a share, a rate). */
  note?: string;
  /** Marks the bar as bad (failures) or good; colour is a help only, the numbers say it. */
  tone?: 'bad' | 'good' | 'neutral';
}

const ROW = 38;

export function barWidthPercent(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.max(0.5, Math.min(100, (value / max) * 100));
}

export function BarChart({ title, items, format = (n) => n.toLocaleString('en-US'), max, empty = 'Nothing to show.' }: {
  title: string;
  items: BarItem[];
  format?: (n: number) => string;
  max?: number;
  empty?: string;
}) {
  const titleId = useId();
  if (items.length === 0) return <p className="muted">{empty}</p>;
  const top = max ?? Math.max(...items.map((i) => i.value));
  const height = items.length * ROW;
  const summary = items.map((i) => `${i.label}: ${format(i.value)}${i.note ? ` (${i.note})` : ''}`).join('; ');
  return (
    <svg className="chart bar-chart" width="100%" height={height} role="img" aria-labelledby={titleId}>
      <title id={titleId}>{`${title}. ${summary}`}</title>
      {items.map((item, index) => {
        const y = index * ROW;
        const width = barWidthPercent(item.value, top);
        return (
          <g key={`${item.label}-${index}`} className={`bar bar-${item.tone ?? 'neutral'}`}>
            <text x="0" y={y + 13} className="bar-label">{item.label}</text>
            <rect x="0" y={y + 18} width="100%" height="12" rx="3" className="bar-track" />
            <rect x="0" y={y + 18} width={`${width}%`} height="12" rx="3" className="bar-fill" data-value={item.value} />
            <text x="100%" y={y + 13} textAnchor="end" className="bar-value">{format(item.value)}{item.note ? ` · ${item.note}` : ''}</text>
          </g>
        );
      })}
    </svg>
  );
}
