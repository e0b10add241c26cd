// Shared fast-check arbitraries for hostile text: any UTF-16 code units (lone surrogates, NUL, controls),
// characters that trip Unicode handling, and bytes decoded with the wrong encoding.
import fc from 'fast-check';

/** Strings of arbitrary UTF-16 code units, unpaired surrogates included. */
export function anyCodeUnits(maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((codes) => String.fromCharCode(...codes));
}

/** Single characters and short sequences that break naive Unicode handling. */
export const hostileChars = fc.constantFrom(
  '\u0000', '\ud800', '\udfff', '\ud83d', '\ude00', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202e',
  '\u2066', '\u2069', '\ufeff', '\ufffd', '\u2028', '\u2029', '\u0085', '\u00a0', '\u3000', '\u1680', 'İ', 'ß', 'ﬁ', '😀',
  '👩‍💻', 'e\u0301', '\u0301', '\r', '\u000b', '\u000c', '\u001b[31m', 'Ａ', '１', 'ǅ', 'Σ', 'ς', '\u0130\u0130', '\u00ad',
);

/** Byte strings decoded as UTF-8 (invalid sequences), Latin-1 or UTF-16LE, and valid text decoded wrongly. */
export function mixedEncodings(maxLength: number): fc.Arbitrary<string> {
  const encodings = ['utf8', 'latin1', 'utf16le'] as const;
  return fc.oneof(
    fc.tuple(fc.uint8Array({ maxLength }), fc.constantFrom(...encodings)).map(([b, enc]) => Buffer.from(b).toString(enc)),
    fc.tuple(fc.string({ unit: 'binary', maxLength: maxLength / 2 }), fc.constantFrom(...encodings), fc.constantFrom(...encodings))
      .map(([s, from, to]) => Buffer.from(s, from).toString(to)),
  );
}
