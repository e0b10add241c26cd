// One pass of HTML entity decoding, for Greenhouse's `content`, which is HTML that was HTML-escaped
// once more ("&lt;p&gt;Tom &amp;amp; Jerry&lt;/p&gt;"). A single left-to-right pass turns it back
// into the HTML the employer wrote ("<p>Tom &amp; Jerry</p>"): "&amp;lt;" must become "&lt;", never "<",
// so the result is not scanned again. Entities left in the HTML are the HTML converter's business.

// The outer escaping layer only ever uses these (Rails' html_escape and friends); a few common
// named ones are decoded too in case a board's content was escaped by a richer encoder.
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

// Bounded: a name of at most 10 letters or at most 7 digits; no nested quantifiers.
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{1,10}));/g;

function fromCodePoint(cp: number, original: string): string {
  if (cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return original;
  return String.fromCodePoint(cp);
}

export function decodeEntitiesOnce(text: string): string {
  return text.replace(ENTITY, (match, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10), match);
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16), match);
    const named = NAMED[(name as string).toLowerCase()];
    return named ?? match;
  });
}
