// RawPosting → Posting: one clean text, a UTC timestamp, a month, and a content hash.
import { createHash } from 'node:crypto';
import { htmlToText } from '../scrapers/html-text.js';
import type { Posting, RawPosting } from './core/types.js';
import { stripControls } from './terminal-text.js';

/** Ads longer than this are cut: no real ad is this long, and it bounds every later stage. */
export const MAX_TEXT_CHARS = 200_000;

/**
 * A whitespace run that is not already one plain space. Replacing only these gives exactly what replacing every
 * `\s+` run gives (stored hashes stay valid) at half the cost: most whitespace in an ad is single spaces.
 */
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

export function contentHash(text: string): string {
  const canonical = text.toLowerCase().replace(WHITESPACE_TO_COLLAPSE, ' ').trim();
  return createHash('sha256').update(canonical).digest('hex');
}

/** Parses the many date shapes sources use; returns null when it is not a date. */
export function toIsoTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  let date: Date;
  if (typeof value === 'number') date = new Date(value < 1e11 ? value * 1000 : value);
  else if (/^\d{4}-\d{2}$/.test(value)) date = new Date(`${value}-01T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) date = new Date(`${value}T00:00:00Z`);
  else if (/^\d{9,13}$/.test(value)) return toIsoTime(Number(value));
  else date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  if (year < 1990 || year > 2100) return null;
  return date.toISOString().replace('.000Z', 'Z');
}

function clean(value: string | null | undefined, max = 300): string | null {
  if (value === null || value === undefined) return null;
  const v = stripControls(value).replace(/\s+/g, ' ').trim();
  // Trim after cutting too: a cut can end on a collapsed space.
  return v === '' ? null : v.slice(0, max).trimEnd();
}

/** Whether normalizePosting takes the raw posting's own text (else it derives the text from the HTML). */
function hasOwnText(raw: RawPosting): boolean {
  return typeof raw.text === 'string' && /\S/.test(raw.text);
}

/**
 * The raw posting without the HTML when its own text is what normalizePosting will use: the store does not keep
 * HTML (db/store.ts), so a bulk load need not copy it to the tagging threads.
 */
export function withoutUnusedHtml(raw: RawPosting): RawPosting {
  return raw.html !== null && raw.html !== undefined && hasOwnText(raw) ? { ...raw, html: null } : raw;
}

export function normalizePosting(raw: RawPosting, seenAt: Date = new Date()): Posting {
  const html = raw.html ?? null;
  // An empty text field next to a real HTML body (some APIs send both) must not hide the body.
  let text = hasOwnText(raw) ? raw.text! : html !== null ? htmlToText(html) : (raw.text ?? '');
  if (text.length > MAX_TEXT_CHARS) text = text.slice(0, MAX_TEXT_CHARS);
  // Control characters (ESC, BEL, CSI…) would drive the terminal of whoever reads the ad later; tab and newline stay.
  text = stripControls(text);
  const postedAt = toIsoTime(raw.postedAt ?? null) ?? seenAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const posting: Posting = {
    source: raw.source,
    externalId: String(raw.externalId),
    url: clean(raw.url, 2000),
    company: clean(raw.company),
    title: clean(raw.title),
    location: clean(raw.location),
    remote: raw.remote ?? null,
    postedAt,
    postedMonth: postedAt.slice(0, 7),
    html: html !== null && html.length > MAX_TEXT_CHARS * 2 ? html.slice(0, MAX_TEXT_CHARS * 2) : html,
    text,
    contentHash: contentHash(text),
  };
  if (raw.meta !== undefined) posting.meta = raw.meta;
  return posting;
}
