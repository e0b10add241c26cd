// DOM ids derived from taxonomy ids. Taxonomy ids are data ("c++", "c#", ".net", or worse from a broken file), so
// they are encoded injectively into [a-z0-9_-]: every other character becomes "_<hex code>_". The result is safe
// in id attributes, in href="#…" fragments and in CSS/querySelector without further escaping.

export function domId(prefix: string, key: string): string {
  let out = '';
  for (const ch of String(key)) {
    if (/^[a-z0-9-]$/.test(ch)) out += ch;
    else out += `_${ch.codePointAt(0)!.toString(16)}_`;
  }
  return `${prefix}-${out}`;
}
