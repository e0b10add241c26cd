// Number and date formatting for the report. Fixed to en-US conventions (thousands separator ",", decimal ".")
// so the same data always renders to the same bytes, whatever the machine's locale.

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const EN_DASH = '\u2013';
const MINUS = '\u2212';

/** A finite number or null: data may come from JSON, so NaN/Infinity/strings are treated as missing. */
export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** 12345 → "12,345"; missing → "–". */
export function fmtInt(value: unknown): string {
  const n = num(value);
  return n === null ? EN_DASH : INT.format(Math.round(n));
}

/**
 * Decimals for a percentage: one below 10 %, otherwise none, so small shares keep their resolution. The cut is at
 * 9.95 so that 9.97 % prints "10%", not "10.0%".
 */
function pctDigits(percent: number): number {
  return Math.abs(percent) < 9.95 ? 1 : 0;
}

/** 0.3142 → "31%", 0.0431 → "4.3%"; `digits` forces a precision. */
export function fmtPct(share: unknown, digits?: number): string {
  const n = num(share);
  if (n === null) return EN_DASH;
  const p = n * 100;
  const d = digits ?? pctDigits(p);
  const s = p.toFixed(d);
  // "-0.0" looks like a bug to readers
  return `${Number(s) === 0 ? (0).toFixed(d) : s.replace('-', MINUS)}%`;
}

/** Axis tick: 0.25 → "25%", 0.025 → "2.5%" (at most one decimal, no trailing ".0"). */
export function fmtTick(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

/** Percentage without the % sign (for ranges written as "29–33%"). */
export function fmtPctBare(share: unknown, digits?: number): string {
  const s = fmtPct(share, digits);
  return s.endsWith('%') ? s.slice(0, -1) : s;
}

/** A 95 % interval "29–33%" with the precision of the larger bound. */
export function fmtRange(low: unknown, high: unknown): string {
  const lo = num(low);
  const hi = num(high);
  if (lo === null || hi === null) return EN_DASH;
  const d = pctDigits(Math.max(Math.abs(lo), Math.abs(hi)) * 100);
  return `${fmtPctBare(lo, d)}${EN_DASH}${fmtPctBare(hi, d)}%`;
}

/** Percentage points with an explicit sign: 3.21 → "+3.2 pp", −0.04 → "−0.0 pp" is written "0.0 pp". */
export function fmtPp(pp: unknown, digits = 1): string {
  const n = num(pp);
  if (n === null) return EN_DASH;
  const s = Math.abs(n).toFixed(digits);
  if (Number(s) === 0) return `${(0).toFixed(digits)} pp`;
  return `${n > 0 ? '+' : MINUS}${s} pp`;
}

/** An interval in percentage points: "+1.2 to +5.0 pp". */
export function fmtPpRange(low: unknown, high: unknown): string {
  const lo = num(low);
  const hi = num(high);
  if (lo === null || hi === null) return EN_DASH;
  return `${fmtPp(lo).replace(' pp', '')} to ${fmtPp(hi)}`;
}

/** p-values the way journals print them. */
export function fmtP(p: unknown): string {
  const n = num(p);
  if (n === null) return '';
  if (n < 0.001) return 'p < 0.001';
  return `p = ${n.toFixed(n < 0.01 ? 3 : 2)}`;
}

/** A ratio like lift: 2.345 → "2.3×". */
export function fmtRatio(value: unknown): string {
  const n = num(value);
  return n === null ? EN_DASH : `${n.toFixed(n >= 10 ? 0 : 1)}\u00D7`;
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;

function parseMonth(month: string): { y: number; m: number } | null {
  const r = MONTH_RE.exec(String(month));
  if (!r) return null;
  const m = Number(r[2]);
  return m >= 1 && m <= 12 ? { y: Number(r[1]), m } : null;
}

/** "2026-03" → "Mar 2026" (invalid input is returned as is, to be escaped by the caller). */
export function fmtMonth(month: string): string {
  const p = parseMonth(month);
  return p ? `${MONTHS_SHORT[p.m - 1]} ${p.y}` : String(month);
}

/** "2026-03" → "Mar". */
export function fmtMonthShort(month: string): string {
  const p = parseMonth(month);
  return p ? MONTHS_SHORT[p.m - 1]! : String(month);
}

/** "2026-03" → "Mar ’26", compact axis label for multi-year charts. */
export function fmtMonthAxis(month: string, multiYear: boolean): string {
  const p = parseMonth(month);
  if (!p) return String(month);
  return multiYear ? `${MONTHS_SHORT[p.m - 1]} \u2019${String(p.y).slice(2)}` : MONTHS_SHORT[p.m - 1]!;
}

/** { from: "2026-01", to: "2026-05" } → "January–May 2026"; across years "Nov 2025–Feb 2026". */
export function fmtPeriod(from: string, to: string): string {
  const a = parseMonth(from);
  const b = parseMonth(to);
  if (!a || !b) return `${from}${EN_DASH}${to}`;
  if (a.y === b.y && a.m === b.m) return `${MONTHS_LONG[a.m - 1]} ${a.y}`;
  if (a.y === b.y) return `${MONTHS_LONG[a.m - 1]}${EN_DASH}${MONTHS_LONG[b.m - 1]} ${a.y}`;
  return `${MONTHS_SHORT[a.m - 1]} ${a.y}${EN_DASH}${MONTHS_SHORT[b.m - 1]} ${b.y}`;
}

/** Number of months in an inclusive range (0 when invalid or reversed). */
export function monthCount(from: string, to: string): number {
  const a = parseMonth(from);
  const b = parseMonth(to);
  if (!a || !b) return 0;
  return Math.max(0, b.y * 12 + b.m - (a.y * 12 + a.m) + 1);
}

/** ISO timestamp → "5 May 2026, 14:03 UTC"; a plain date → "5 May 2026"; unparsable → as given. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return EN_DASH;
  const s = String(iso);
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const day = `${d.getUTCDate()} ${MONTHS_SHORT[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return day;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${day}, ${hh}:${mm} UTC`;
}

/** Singular or plural noun with the formatted count: plural(3, "source") → "3 sources". */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${fmtInt(n)} ${n === 1 ? noun : pluralNoun}`;
}

export { EN_DASH, MINUS };
