// Lenient parsing of one <script type="application/ld+json"> block. Career-page JSON-LD is hand-made or
// templated and often slightly broken: HTML comments or CDATA around it, a BOM, a stray ";", literal
// newlines and tabs inside strings, trailing commas. Those are repaired; anything else makes the block
// unreadable and the caller skips it (never the whole page).
//
// The repair is one linear scan over the text (no regular expressions over the payload), so hostile
// input costs O(n).

export type LenientParse =
  | { ok: true; value: unknown; repaired: boolean }
  | { ok: false; error: string };

/** Blocks larger than this are not JSON-LD anyone meant to publish; they are skipped. */
export const MAX_BLOCK_CHARS = 2 * 1024 * 1024;

/** Strips the wrappers templates put around the JSON: BOM, <!-- -->, CDATA, leading/trailing ";". */
export function unwrapBlock(raw: string): string {
  let s = raw.replace(/^\uFEFF/, '').trim();
  for (let round = 0; round < 3; round++) {
    const before = s;
    if (s.startsWith('<!--')) s = s.slice(4).trim();
    if (s.endsWith('-->')) s = s.slice(0, -3).trim();
    if (s.startsWith('//<![CDATA[')) s = s.slice(11).trim();
    else if (s.startsWith('<![CDATA[')) s = s.slice(9).trim();
    if (s.endsWith('//]]>')) s = s.slice(0, -5).trim();
    else if (s.endsWith(']]>')) s = s.slice(0, -3).trim();
    while (s.startsWith(';')) s = s.slice(1).trim();
    while (s.endsWith(';')) s = s.slice(0, -1).trim();
    if (s === before) break;
  }
  return s;
}

/**
 * Escapes raw control characters inside strings and drops commas that directly precede "}" or "]"
 * outside strings. Returns the input unchanged when there was nothing to fix.
 */
export function repairJsonText(text: string): string {
  // One entry per input character, so dropping a comma is O(1).
  const out: string[] = [];
  let inString = false;
  let escaped = false;
  let pendingComma = -1; // index in `out` of a comma outside strings not yet followed by a value
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      if (escaped) {
        escaped = false;
        out.push(c);
      } else if (c === '\\') {
        escaped = true;
        out.push(c);
      } else if (c === '"') {
        inString = false;
        out.push(c);
      } else if (c < ' ') {
        out.push(c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      } else {
        out.push(c);
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      pendingComma = -1;
      out.push(c);
    } else if (c === ',') {
      pendingComma = out.length;
      out.push(c);
    } else if (c === '}' || c === ']') {
      if (pendingComma >= 0) {
        out[pendingComma] = '';
        pendingComma = -1;
      }
      out.push(c);
    } else {
      if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') pendingComma = -1;
      out.push(c);
    }
  }
  return out.join('');
}

/** JSON.parse, then one repaired retry. Never throws. */
export function parseLenient(raw: string): LenientParse {
  if (raw.length > MAX_BLOCK_CHARS) return { ok: false, error: `block of ${raw.length} characters is too large` };
  const text = unwrapBlock(raw);
  if (text === '') return { ok: false, error: 'empty block' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown, repaired: false };
  } catch (first) {
    const fixed = repairJsonText(text);
    if (fixed !== text) {
      try {
        return { ok: true, value: JSON.parse(fixed) as unknown, repaired: true };
      } catch {
        // fall through to the first error: it points at the original text
      }
    }
    return { ok: false, error: (first as Error).message.slice(0, 200) };
  }
}
