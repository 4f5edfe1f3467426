/**
 * A line chart in SVG (delivery rate over time), with no chart library: the line is drawn in
 * an SVG whose viewBox stretches to the chart's width (its stroke does not scale), and the
 * axis labels are text beside and below it, so they keep their size at any width.
 * Points without a value (hours with no mail) break the line. Labelled as an image; the page
 * shows the same numbers in a table beside it.
 * @module
 */
import { useId } from 'react';

export interface LinePoint {
  /** Shown on the x axis (first, middle and last points) and in the summary. */
  label: string;
  value: number | null;
}

const PLOT_HEIGHT = 150;
const LEFT = 48;

/** The path of the points in a 1000 x 100 box (y: 0 at yMax), with a break at every missing value. */
export function linePath(points: readonly LinePoint[], yMin: number, yMax: number): string {
  const span = yMax - yMin || 1;
  const step = points.length > 1 ? 1000 / (points.length - 1) : 0;
  let path = '';
  let drawing = false;
  points.forEach((point, index) => {
    if (point.value === null || !Number.isFinite(point.value)) {
      drawing = false;
      return;
    }
    const x = points.length > 1 ? index * step : 500;
    const y = 100 - ((Math.min(yMax, Math.max(yMin, point.value)) - yMin) / span) * 100;
    path += `${drawing ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(2)} `;
    drawing = true;
  });
  return path.trim();
}

export function LineChart({ title, points, yMin = 0, yMax = 1, format = (n) => `${Math.round(n * 100)}%`, summary }: {
  title: string;
  points: LinePoint[];
  yMin?: number;
  yMax?: number;
  format?: (n: number) => string;
  /** The chart in one sentence for screen readers (the table beside it has every point). */
  summary: string;
}) {
  const titleId = useId();
  if (points.length === 0) return <p className="muted">Nothing to show.</p>;
  const ticks = [yMax, (yMin + yMax) / 2, yMin];
  const xLabels = points.length > 2 ? [0, Math.floor((points.length - 1) / 2), points.length - 1] : points.map((_, i) => i);
  const only = points.length === 1 ? points[0] : undefined;
  const span = yMax - yMin || 1;
  return (
    <div className="line-chart" role="img" aria-labelledby={titleId}>
      <span id={titleId} className="visually-hidden">{`${title}. ${summary}`}</span>
      <svg className="line-y-axis" width={LEFT} height={PLOT_HEIGHT + 8} aria-hidden="true">
        {ticks.map((tick) => (
          <text key={tick} x={LEFT - 6} y={4 + ((yMax - tick) / span) * PLOT_HEIGHT + 4} textAnchor="end" className="axis-label">{format(tick)}</text>
        ))}
      </svg>
      <div className="line-plot" aria-hidden="true">
        <svg className="chart" width="100%" height={PLOT_HEIGHT + 8} viewBox="0 -4 1000 108" preserveAspectRatio="none">
          {ticks.map((tick) => {
            const y = ((yMax - tick) / span) * 100;
            return <line key={tick} x1="0" x2="1000" y1={y} y2={y} className="grid-line" vectorEffect="non-scaling-stroke" />;
          })}
          <path d={linePath(points, yMin, yMax)} className="line" vectorEffect="non-scaling-stroke" fill="none" />
          {only && only.value !== null ? <line x1="0" x2="1000" y1={100 - ((only.value - yMin) / span) * 100} y2={100 - ((only.value - yMin) / span) * 100} className="line" vectorEffect="non-scaling-stroke" /> : null}
        </svg>
        <div className="line-x-labels">
          {xLabels.map((index) => (
            <span key={index}>{points[index]?.label}</span>
          ))}
        </div>
      </div>
    </div>
  );
}
