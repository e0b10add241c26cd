// Plain-value readers for the JSON that job APIs send, shared by the ATS and board sources: fields are untrusted
// and loosely typed (ids come as numbers or strings, blanks as ""), so every reader returns null for what it cannot
// use instead of throwing.

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string (numbers become strings: ids come as either); otherwise null. */
export function str(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Drops undefined/null values and empty arrays so meta stays small and JSON-serialisable. */
export function compact(meta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out;
}

/** An ISO 8601 timestamp with its zone ("…T12:50:10-04:00", "…158+00:00", "…891Z"). */
export const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A date as UTC ISO without zero milliseconds; null when invalid or outside 1990–2100 (the years a posting may have). */
export function isoUtc(date: Date): string | null {
  const t = date.getTime();
  if (Number.isNaN(t)) return null;
  const year = date.getUTCFullYear();
  if (year < 1990 || year > 2100) return null;
  return date.toISOString().replace('.000Z', 'Z');
}
