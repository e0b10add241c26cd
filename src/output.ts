// Rendering of command results for the terminal and for machines: table, json, csv, md.
import { UsageError } from './core/errors.js';
import { oneLine } from './terminal-text.js';

export type Format = 'table' | 'json' | 'csv' | 'md';
export const FORMATS: readonly Format[] = ['table', 'json', 'csv', 'md'];

export function parseFormat(value: string | undefined, fallback: Format = 'table'): Format {
  if (value === undefined) return fallback;
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${value}")`);
}

export interface Column<Row> {
  header: string;
  /** Key in JSON/CSV output. */
  key: string;
  value: (row: Row) => string | number | boolean | null;
  align?: 'left' | 'right';
}

function cellText(v: string | number | boolean | null): string {
  if (v === null) return '';
  // Tiny values (q-values, p-values) keep three significant digits instead of rounding to 0.
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v !== 0 && Math.abs(v) < 0.001 ? v.toPrecision(3) : String(Math.round(v * 10000) / 10000);
  // A cell is one line, and ad or config text in it never drives the terminal.
  return typeof v === 'string' ? oneLine(v) : String(v);
}

function csvCell(v: string | number | boolean | null): string {
  const s = cellText(v);
  // A leading =,+,-,@ makes spreadsheets evaluate the cell: job-ad text is untrusted.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function mdCell(v: string | number | boolean | null): string {
  return cellText(v).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderRows<Row>(rows: Row[], columns: Column<Row>[], format: Format, extra?: Record<string, unknown>): string {
  switch (format) {
    case 'json': {
      const data = rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, c.value(r)])));
      return JSON.stringify(extra ? { ...extra, rows: data } : data, null, 2) + '\n';
    }
    case 'csv':
      return [columns.map((c) => csvCell(c.key)).join(','), ...rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(','))].join('\n') + '\n';
    case 'md': {
      const head = `| ${columns.map((c) => mdCell(c.header)).join(' | ')} |`;
      const sep = `| ${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`;
      return [head, sep, ...rows.map((r) => `| ${columns.map((c) => mdCell(c.value(r))).join(' | ')} |`)].join('\n') + '\n';
    }
    case 'table': {
      const cells = rows.map((r) => columns.map((c) => cellText(c.value(r))));
      const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i]!.length)));
      const line = (vals: string[]) =>
        vals.map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
      return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n';
    }
  }
}

export function percent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}
