/**
 * A plain, accessible table (caption, column headers, numbers right-aligned) for the figures
 * of a chart, in a box that scrolls sideways at phone width instead of overflowing the page.
 * @module
 */
import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell(row: T): ReactNode;
  numeric?: boolean;
}

export function DataTable<T>({ caption, columns, rows, rowKey, hideCaption = false }: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey(row: T, index: number): string;
  hideCaption?: boolean;
}) {
  return (
    <div className="table-box" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((c) => (
                <td key={c.header} className={c.numeric ? 'num' : undefined}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
