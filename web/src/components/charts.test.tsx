/**
 * The SVG charts, rendered to markup as the server of a test would (react-dom/server): bar
 * widths proportional to the values, the text labels and values, the image's accessible
 * summary, and the line broken where a value is missing.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarChart, barWidthPercent } from './bar-chart.js';
import { LineChart, linePath } from './line-chart.js';

describe('BarChart', () => {
  it('draws one bar per item, proportional to the largest, with its label and value as text', () => {
    const markup = renderToStaticMarkup(
      <BarChart title="Failures by reason" items={[{ label: 'userunknown', value: 40 }, { label: 'mailboxfull', value: 10, note: '20%' }, { label: 'blocked', value: 0 }]} />,
    );
    expect(markup.match(/<rect[^>]*bar-fill/g)).toHaveLength(3);
    expect(markup).toContain('width="100%"');
    expect(markup).toContain('width="25%"');
    expect(markup).toContain('width="0%"');
    expect(markup).toContain('>userunknown</text>');
    expect(markup).toContain('10 · 20%');
    expect(markup).toMatch(/role="img"/);
    expect(markup).toContain('<title id="');
    expect(markup).toContain('Failures by reason. userunknown: 40; mailboxfull: 10 (20%); blocked: 0');
  });

  it('says so when there is nothing to draw', () => {
    expect(renderToStaticMarkup(<BarChart title="x" items={[]} empty="No failures." />)).toContain('No failures.');
  });

  it('keeps a sliver for small values and never exceeds the track', () => {
    expect(barWidthPercent(1, 1000)).toBe(0.5);
    expect(barWidthPercent(0, 10)).toBe(0);
    expect(barWidthPercent(20, 10)).toBe(100);
    expect(barWidthPercent(5, 0)).toBe(0);
  });
});

describe('LineChart', () => {
  it('draws the points across the width, scaled between the axis bounds', () => {
    expect(linePath([{ label: 'a', value: 1 }, { label: 'b', value: 0.5 }, { label: 'c', value: 0 }], 0, 1)).toBe('M0.0,0.00 L500.0,50.00 L1000.0,100.00');
    expect(linePath([{ label: 'a', value: 0.95 }], 0.9, 1)).toBe('M500.0,50.00');
  });

  it('breaks the line where a value is missing', () => {
    expect(linePath([{ label: 'a', value: 1 }, { label: 'b', value: null }, { label: 'c', value: 1 }, { label: 'd', value: 0 }], 0, 1)).toBe('M0.0,0.00 M666.7,0.00 L1000.0,100.00');
  });

  it('labels the axes and describes itself for screen readers', () => {
    const markup = renderToStaticMarkup(<LineChart title="Delivery rate" summary="3 days; lowest 80%." yMin={0.5} points={[{ label: '03-23', value: 1 }, { label: '03-24', value: 0.8 }, { label: '03-25', value: 0.9 }]} />);
    expect(markup).toContain('Delivery rate. 3 days; lowest 80%.');
    for (const tick of ['100%', '75%', '50%']) expect(markup).toContain(`>${tick}</text>`);
    for (const label of ['03-23', '03-24', '03-25']) expect(markup).toContain(`<span>${label}</span>`);
  });
});
