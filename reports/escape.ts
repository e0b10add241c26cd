// Escaping for the three places untrusted text lands in the report: element content, quoted attribute values,
// and JSON inside a <script type="application/json"> block. Plus the one rule for links: http(s) or nothing.
//
// Job ads are written by strangers and fetched from servers we do not control, so every string that reaches the
// HTML goes through one of these functions (reports/html.ts makes that the default for template interpolations).

/** Characters that are never legitimate in the text of an ad: C0 controls except tab/newline/CR, DEL, and C1. */
// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). In an ad they serve only to
 * make text display differently from what it is ("Trojan Source" spoofing), and an unclosed override would reverse
 * everything after it in the paragraph, so they are removed.
 */
const BIDI_CONTROL_RE = /[\u202A-\u202E\u2066-\u2069]/g;

/** Lone surrogates would become U+FFFD anyway; make it explicit so output is always well-formed UTF-8. */
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Replaces control characters and lone surrogates with U+FFFD and drops bidi controls. Keeps tab, LF and CR. */
export function cleanText(value: string): string {
  return value.replace(CONTROL_RE, '\uFFFD').replace(LONE_SURROGATE_RE, '\uFFFD').replace(BIDI_CONTROL_RE, '');
}

/**
 * Escapes text for HTML element content: & < > " ' become entities, control characters become U+FFFD.
 * Also safe inside double- or single-quoted attribute values.
 */
export function escapeHtml(value: string): string {
  return cleanText(String(value)).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Escapes text for a quoted attribute value. Additionally escapes the backtick and "=" so that a value can never
 * end an attribute or start a new one even if a template forgot its quotes (defence in depth).
 */
export function escapeAttr(value: string): string {
  return escapeHtml(value).replace(/`/g, '&#96;').replace(/=/g, '&#61;');
}

/**
 * Serialises a value as JSON that is safe inside <script type="application/json">: "<", ">" and "&" become \u
 * escapes (so "</script>" and "<!--" cannot appear), as do U+2028/U+2029 (line terminators in older JS parsers).
 * JSON.parse(textContent) gives back exactly the input.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return 'null';
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Longest URL we turn into a link; longer ones are shown as text (no legitimate ad link is this long). */
const MAX_URL_LENGTH = 2048;

/**
 * Returns the normalised href when `url` is an absolute http: or https: URL, otherwise null.
 * javascript:, data:, vbscript:, file:, relative URLs and anything unparsable are rejected.
 */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (typeof url !== 'string') return null;
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.length > MAX_URL_LENGTH) return null;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '') return null;
  return parsed.href;
}
