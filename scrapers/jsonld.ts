// Generic career-page source: schema.org JobPosting in <script type="application/ld+json"> blocks, the
// markup Google for Jobs asks employers to publish. One page may hold several blocks, a block may be an
// object, an array or an {"@graph": […]}, postings may sit inside other nodes (ItemList, mainEntity), and
// @type may be a string or an array with or without the schema.org prefix. References {"@id": "#org"}
// are resolved against the page's other nodes. Each block is parsed on its own: a malformed block is
// counted and skipped, the others are kept. Extraction never throws on arbitrary input.
//
// createCareerPageSource fetches the pages through the shared client as kind 'page', so robots.txt
// applies (the client refuses disallowed URLs with a SourceError of kind 'robots').
import { createHash } from 'node:crypto';
import { load } from 'cheerio';
import { SourceError, UsageError } from '../src/core/errors.js';
import type { RawPosting, Source, SourceContext } from '../src/core/types.js';
import { URL_LIST_OPTION, hostOf as lowerHostOf, type SourceDescriptor } from '../src/core/sources.js';
import { compact, decodeEntities, fetchText, isObject, oneLine, unescapeHtmlIfEscaped } from './boards/common.js';
import { parseLenient } from './jsonld-repair.js';

export const CAREERS_SOURCE = 'careers';

/** Pages beyond this size are cut before parsing: bounds memory and time on hostile input. */
export const MAX_PAGE_CHARS = 5 * 1024 * 1024;
const MAX_BLOCKS = 100;
const MAX_NODES = 20_000;
const MAX_DEPTH = 32;
const MAX_POSTINGS = 500;
const MAX_LOCATIONS = 10;

export interface JsonLdExtraction {
  postings: RawPosting[];
  /** ld+json script blocks on the page. */
  blocks: number;
  /** Blocks skipped because they were not JSON even after repair. */
  malformedBlocks: number;
  /** Blocks that parsed only after repair (control characters, trailing commas). */
  repairedBlocks: number;
  /** One line per malformed block: which block and why. */
  errors: string[];
}

type Node = Record<string, unknown>;

// ---------------------------------------------------------------- value readers (all total)

function text(value: unknown, depth = 0): string | null {
  if (depth > 3) return null;
  if (typeof value === 'string') {
    const v = value.trim();
    return v === '' ? null : v;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = text(v, depth + 1);
      if (t !== null) return t;
    }
    return null;
  }
  if (isObject(value)) return text(value['@value'], depth + 1);
  return null;
}

function texts(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => text(v)).filter((v): v is string => v !== null).slice(0, 50);
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.slice(0, 100) : [value];
}

/** "JobPosting", "schema:JobPosting", "https://schema.org/JobPosting" → "jobposting". */
function typeName(t: string): string {
  const trimmed = t.trim();
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':'), trimmed.lastIndexOf('#'));
  return trimmed.slice(slash + 1).toLowerCase();
}

function hasType(node: Node, wanted: string): boolean {
  return texts(node['@type']).some((t) => typeName(t) === wanted);
}

// ---------------------------------------------------------------- graph walk

interface Graph {
  byId: Map<string, Node>;
  jobPostings: Node[];
}

function collect(roots: unknown[]): Graph {
  const graph: Graph = { byId: new Map(), jobPostings: [] };
  const seen = new Set<Node>();
  let budget = MAX_NODES;
  const stack: { value: unknown; depth: number }[] = roots.map((value) => ({ value, depth: 0 })).reverse();
  while (stack.length > 0 && budget > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (depth > MAX_DEPTH) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1 });
      continue;
    }
    if (!isObject(value) || seen.has(value)) continue;
    seen.add(value);
    budget--;
    const id = typeof value['@id'] === 'string' ? value['@id'] : null;
    // A node with more than an @id is a definition; a bare {"@id"} is a reference to one.
    if (id !== null && Object.keys(value).length > 1 && !graph.byId.has(id)) graph.byId.set(id, value);
    if (hasType(value, 'jobposting')) graph.jobPostings.push(value);
    const children = Object.entries(value).filter(([k]) => k !== '@context');
    for (let i = children.length - 1; i >= 0; i--) {
      const child = (children[i] as [string, unknown])[1];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
    }
  }
  return graph;
}

function resolve(value: unknown, graph: Graph): unknown {
  if (isObject(value) && typeof value['@id'] === 'string') {
    const target = graph.byId.get(value['@id']);
    if (target !== undefined && target !== value) return target;
  }
  return value;
}

// ---------------------------------------------------------------- JobPosting fields

function organisationName(value: unknown, graph: Graph): string | null {
  for (const item of asList(value)) {
    const org = resolve(item, graph);
    if (typeof org === 'string') return text(org);
    if (isObject(org)) {
      const name = text(org['name']) ?? text(org['legalName']);
      if (name !== null) return decodeEntities(name);
    }
  }
  return null;
}

function addressText(value: unknown, graph: Graph): string | null {
  const address = resolve(value, graph);
  if (typeof address === 'string') return text(address);
  if (!isObject(address)) return null;
  const country = resolve(address['addressCountry'], graph);
  const countryName = isObject(country) ? text(country['name']) ?? text(country['identifier']) : text(country);
  const parts = [text(address['addressLocality']), text(address['addressRegion']), countryName].filter(
    (p): p is string => p !== null,
  );
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  return unique.length > 0 ? unique.join(', ') : text(address['name']);
}

function locationText(value: unknown, graph: Graph): string | null {
  const places: string[] = [];
  for (const item of asList(value).slice(0, MAX_LOCATIONS)) {
    const place = resolve(item, graph);
    let label: string | null = null;
    if (typeof place === 'string') label = text(place);
    else if (isObject(place)) label = addressText(place['address'], graph) ?? text(place['name']);
    if (label !== null && !places.includes(label)) places.push(label);
  }
  return places.length > 0 ? decodeEntities(places.join('; ')) : null;
}

function applicantLocations(value: unknown, graph: Graph): string | null {
  const names: string[] = [];
  for (const item of asList(value).slice(0, MAX_LOCATIONS)) {
    const r = resolve(item, graph);
    const name = isObject(r) ? text(r['name']) : text(r);
    if (name !== null && !names.includes(name)) names.push(name);
  }
  return names.length > 0 ? names.join(', ') : null;
}

function isTelecommute(value: unknown): boolean {
  return texts(value).some((t) => typeName(t) === 'telecommute');
}

function identifierValue(value: unknown, graph: Graph): string | null {
  for (const item of asList(value)) {
    const r = resolve(item, graph);
    const v = isObject(r) ? text(r['value']) ?? text(r['@id']) : text(r);
    if (v !== null) return v.slice(0, 200);
  }
  return null;
}

/** "2026-09-01" stays a date; a full timestamp becomes UTC ISO; anything else is null (raw kept in meta). */
function postedAtOf(raw: string | null): string | null {
  if (raw === null) return null;
  const v = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00Z`);
    return Number.isNaN(d.getTime()) ? null : v;
  }
  if (v.length > 40 || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) return null;
  const d = new Date(v.replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) return null;
  const year = d.getUTCFullYear();
  if (year < 1990 || year > 2100) return null;
  return d.toISOString().replace('.000Z', 'Z');
}

function absoluteUrl(value: string | null, base: string): string | null {
  if (value === null) return null;
  try {
    const u = new URL(value, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function salaryOf(value: unknown): Record<string, unknown> | null {
  if (typeof value === 'number' && Number.isFinite(value)) return { value };
  if (!isObject(value)) return null;
  const inner = value['value'];
  const q = isObject(inner) ? inner : {};
  const num = (v: unknown): number | null => {
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? n : null;
  };
  const out = compact({
    currency: text(value['currency']),
    value: num(isObject(inner) ? q['value'] : inner),
    min: num(q['minValue'] ?? value['minValue']),
    max: num(q['maxValue'] ?? value['maxValue']),
    unit: text(q['unitText'] ?? value['unitText']),
  });
  return Object.keys(out).length > 0 ? out : null;
}

const HAS_TAG = /<\/?[a-z][a-z0-9]{0,15}[\s/>]/i;

function shortHash(parts: (string | null)[]): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex').slice(0, 16);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'page';
  }
}

function jobPostingToRaw(node: Node, graph: Graph, pageUrl: string, source: string): RawPosting {
  const title = text(node['title']) ?? text(node['name']);
  const company = organisationName(node['hiringOrganization'], graph);
  const remote = isTelecommute(node['jobLocationType']);
  const place = locationText(node['jobLocation'], graph);
  const applicants = applicantLocations(node['applicantLocationRequirements'], graph);
  const location = place ?? applicants;
  const datePostedRaw = text(node['datePosted']);
  const postedAt = postedAtOf(datePostedRaw);
  const identifier = identifierValue(node['identifier'], graph);
  const ownUrl = absoluteUrl(text(node['url']), pageUrl);
  const description = text(node['description']);
  let html: string | null = null;
  let plain: string | null = null;
  if (description !== null) {
    const unescaped = unescapeHtmlIfEscaped(description);
    if (HAS_TAG.test(unescaped)) html = unescaped;
    else plain = decodeEntities(unescaped);
  }
  const externalId =
    identifier !== null
      ? `${hostOf(ownUrl ?? pageUrl)}:${identifier}`
      : ownUrl !== null && ownUrl !== pageUrl
        ? ownUrl
        : `${pageUrl}#${shortHash([title, company, location, datePostedRaw])}`;
  return {
    source,
    externalId,
    url: ownUrl ?? pageUrl,
    company,
    title: title === null ? null : decodeEntities(title),
    location,
    // TELECOMMUTE is how the markup says "100 % remote"; a place without it is on-site or hybrid.
    remote: remote ? true : place !== null ? false : null,
    postedAt,
    html,
    text: plain,
    meta: compact({
      pageUrl,
      identifier,
      datePostedRaw: postedAt === null ? datePostedRaw : null,
      employmentType: texts(node['employmentType']),
      validThrough: text(node['validThrough']),
      applicantLocations: applicants,
      baseSalary: salaryOf(node['baseSalary']),
      skills: texts(node['skills']),
    }),
  };
}

// ---------------------------------------------------------------- script elements

/** Elements whose content the HTML tokenizer reads as text: a "<script" inside them is not a script. */
const RAW_TEXT_ELEMENTS = new Set(['style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);

function isTagNameEnd(c: number): boolean {
  return c === 9 || c === 10 || c === 12 || c === 13 || c === 32 || c === 47 || c === 62; // whitespace / >
}

/** Index of the next end tag "</name" (any case, then whitespace, "/" or ">") at or after from, or -1. */
function indexOfEndTag(html: string, name: string, from: number): number {
  for (let k = html.indexOf('</', from); k >= 0; k = html.indexOf('</', k + 2)) {
    const after = k + 2 + name.length;
    if (html.slice(k + 2, after).toLowerCase() === name && (after >= html.length || isTagNameEnd(html.charCodeAt(after)))) return k;
  }
  return -1;
}

/** Index just after the '>' ending the tag whose name ends at `from` (quoted attribute values may hold '>'). */
function tagEnd(html: string, from: number): number {
  const n = html.length;
  let k = from;
  while (k < n) {
    const c = html.charCodeAt(k);
    if (c === 62) return k + 1;
    k++;
    if (c !== 61) continue; // '=': a value follows, maybe quoted
    while (k < n && isTagNameEnd(html.charCodeAt(k)) && html.charCodeAt(k) !== 47 && html.charCodeAt(k) !== 62) k++;
    const q = html.charCodeAt(k);
    if (q === 34 || q === 39) {
      const close = html.indexOf(q === 34 ? '"' : "'", k + 1);
      if (close < 0) return n;
      k = close + 1;
    }
  }
  return n;
}

/**
 * The page's <script> elements, cut out by one linear scan, as a small HTML document for cheerio.
 * Extraction reads nothing else, and parsing a whole hostile page is not linear: both HTML parsers search
 * their stack of open elements per tag, so 100k nested <div>s took minutes. The scan skips what the HTML
 * tokenizer skips: comments, doctypes, attribute values (which may contain "<script") and the content of
 * raw-text elements (<textarea>, <style>, <title>, …). One known difference: inside <svg>/<math> a parser reads
 * markup in a <script>, the scan reads it as text (no JSON-LD lives there; tests/property/jsonld.test.ts
 * checks the scan against a full parse).
 */
export function scriptElements(html: string): string {
  const out: string[] = [];
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      // "<!-->" and "<!--->" are empty comments; "--!>" also ends one.
      if (html.startsWith('>', lt + 4)) { i = lt + 5; continue; }
      if (html.startsWith('->', lt + 4)) { i = lt + 6; continue; }
      const a = html.indexOf('-->', lt + 4);
      const b = html.indexOf('--!>', lt + 4);
      const end = a < 0 ? b : b < 0 ? a : Math.min(a, b);
      i = end < 0 ? n : end + (end === a ? 3 : 4);
      continue;
    }
    const c = html.charCodeAt(lt + 1);
    if (c === 33 || c === 63) {
      // <!DOCTYPE …>, <![CDATA[…]]> and <?…> outside foreign content: bogus comments up to the next '>'.
      const end = html.indexOf('>', lt + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const closing = c === 47;
    const nameStart = closing ? lt + 2 : lt + 1;
    const first = html.charCodeAt(nameStart);
    if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) {
      // "a < b" is text; "</ x>" and "</1>" are bogus comments.
      if (closing && nameStart < n && first !== 62) {
        const end = html.indexOf('>', nameStart);
        i = end < 0 ? n : end + 1;
      } else i = closing && first === 62 ? nameStart + 1 : lt + 1;
      continue;
    }
    let j = nameStart;
    while (j < n && !isTagNameEnd(html.charCodeAt(j))) j++;
    const name = html.slice(nameStart, j).toLowerCase();
    const end = tagEnd(html, j);
    if (closing) { i = end; continue; }
    if (name === 'script') {
      const close = indexOfEndTag(html, 'script', end);
      const closeEnd = close < 0 ? n : tagEnd(html, close + 8);
      out.push(html.slice(lt, closeEnd));
      i = closeEnd;
      continue;
    }
    if (name === 'plaintext') break;
    if (RAW_TEXT_ELEMENTS.has(name)) {
      const close = indexOfEndTag(html, name, end);
      i = close < 0 ? n : close;
      continue;
    }
    i = end;
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- extraction

/** Every JobPosting on the page, with counts of the blocks read, repaired and skipped. Never throws. */
export function extractJsonLd(html: string, pageUrl: string, source: string = CAREERS_SOURCE): JsonLdExtraction {
  const result: JsonLdExtraction = { postings: [], blocks: 0, malformedBlocks: 0, repairedBlocks: 0, errors: [] };
  try {
    const input = typeof html === 'string' ? html.slice(0, MAX_PAGE_CHARS) : '';
    if (!/application\/ld\+json/i.test(input)) return result;
    const $ = load(scriptElements(input));
    const roots: unknown[] = [];
    $('script').each((i, el) => {
      const type = $(el).attr('type') ?? '';
      if (!/^\s*application\/ld\+json\s*(;.*)?$/i.test(type)) return;
      result.blocks++;
      if (result.blocks > MAX_BLOCKS) return;
      const parsed = parseLenient($(el).text());
      if (!parsed.ok) {
        result.malformedBlocks++;
        result.errors.push(oneLine(`ld+json block ${result.blocks} on ${pageUrl}: ${parsed.error}`, 200));
        return;
      }
      if (parsed.repaired) result.repairedBlocks++;
      roots.push(parsed.value);
    });
    const graph = collect(roots);
    const ids = new Set<string>();
    for (const node of graph.jobPostings.slice(0, MAX_POSTINGS)) {
      const posting = jobPostingToRaw(node, graph, pageUrl, source);
      // The same posting marked up twice (e.g. in a block and in an @graph) is one posting.
      if (ids.has(posting.externalId)) continue;
      ids.add(posting.externalId);
      result.postings.push(posting);
    }
  } catch (err) {
    // Defensive: a bug here must cost one page, never the run.
    result.errors.push(oneLine(`ld+json extraction failed on ${pageUrl}: ${(err as Error)?.message ?? String(err)}`, 200));
  }
  return result;
}

/** The JobPostings of one HTML page as raw postings (see extractJsonLd for the counts). */
export function extractJobPostings(html: string, pageUrl: string, source: string = CAREERS_SOURCE): RawPosting[] {
  return extractJsonLd(html, pageUrl, source).postings;
}

// ---------------------------------------------------------------- the source

/**
 * Reads the `urls` option (a list, or one comma-separated string) from the registry's loosely typed
 * options: a non-empty list of http(s) URLs, else a UsageError naming the source and the bad value.
 */
export function urlsOption(source: string, o: Record<string, unknown>): string[] {
  const v = o['urls'];
  const list = typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v;
  if (!Array.isArray(list) || list.length === 0) {
    throw new UsageError(`${source}: option "urls" must be a non-empty list of http(s) URLs of career pages`);
  }
  for (const u of list) {
    let ok = false;
    try {
      ok = typeof u === 'string' && /^https?:$/.test(new URL(u).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new UsageError(`${source}: not an http(s) URL in option "urls": ${JSON.stringify(u).slice(0, 200)}`);
  }
  return list as string[];
}

export interface CareerPageSourceOptions {
  urls: string[];
  /** Source name; default "careers". */
  name?: string;
}

/**
 * Fetches each page (kind 'page': robots.txt is honoured by the shared client) and yields its
 * JobPostings. A page that fails does not stop the others; after the last page, failures are raised as
 * one SourceError (kind of the first failure) so the run reports them, with every posting already kept.
 */
export function createCareerPageSource(opts: CareerPageSourceOptions): Source {
  const name = opts.name ?? CAREERS_SOURCE;
  const urls = opts.urls.filter((u, i) => opts.urls.indexOf(u) === i);
  return {
    name,
    async *fetch(ctx: SourceContext): AsyncGenerator<RawPosting> {
      const failures: SourceError[] = [];
      let done = 0;
      let malformed = 0;
      for (const url of urls) {
        ctx.onProgress?.({ source: name, message: `page ${url}`, done, total: urls.length });
        let body: string | null;
        try {
          body = await fetchText(name, ctx, url, { kind: 'page', accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' });
        } catch (err) {
          if (ctx.signal?.aborted) throw err;
          failures.push(err instanceof SourceError ? err : new SourceError(oneLine(`${name}: ${url}: ${String(err)}`), 'other'));
          done++;
          continue;
        }
        done++;
        if (body === null) continue;
        const extraction = extractJsonLd(body, url, name);
        malformed += extraction.malformedBlocks;
        for (const posting of extraction.postings) {
          if (ctx.sinceMonth !== undefined && typeof posting.postedAt === 'string' && posting.postedAt.slice(0, 7) < ctx.sinceMonth) continue;
          yield posting;
        }
      }
      ctx.onProgress?.({
        source: name,
        message: `${done} page(s)${malformed > 0 ? `, ${malformed} malformed ld+json block(s) skipped` : ''}`,
        done,
        total: urls.length,
      });
      if (failures.length > 0) {
        const first = failures[0] as SourceError;
        const more = failures.length > 1 ? ` (and ${failures.length - 1} more failed page(s))` : '';
        throw new SourceError(oneLine(`${failures.length} of ${urls.length} page(s) failed: ${first.message}${more}`), first.kind, {
          cause: first,
        });
      }
    },
  };
}

/**
 * A source that reads listed pages (full URLs, on any host): one unit; each page's host gets the client's default
 * budget (2 at a time, 1 s apart) unless the config's rateLimit says otherwise. Declared once per source
 * (careers here, rendered in browser.ts).
 */
export function pageSourceDescriptor(name: string, summary: string, create: (urls: string[]) => Source, starter: string): SourceDescriptor {
  return {
    name,
    family: 'pages',
    summary,
    options: { urls: URL_LIST_OPTION },
    required: [{ option: 'urls', message: 'needs "urls:", the career pages to read' }],
    refusesBaseUrl: 'baseUrl does not apply to career pages: list each page in "urls" (rateLimit applies to each page\'s host)',
    units: (entry) => {
      const urls = Array.isArray(entry.options['urls']) ? (entry.options['urls'] as string[]) : [];
      const hosts: Record<string, { concurrency: number; minIntervalMs: number }> = {};
      for (const u of urls) {
        const h = lowerHostOf(u);
        if (h) hosts[h] = { concurrency: 2, minIntervalMs: 1000 };
      }
      return [{ unit: name, options: { ...entry.options }, scope: { source: name }, closes: true, hosts }];
    },
    create: (o) => create(urlsOption(name, o)),
    starter: () => starter,
  };
}

export const careersDescriptor = pageSourceDescriptor(
  CAREERS_SOURCE,
  'career pages with schema.org JobPosting markup (JSON-LD)',
  (urls) => createCareerPageSource({ urls }),
  '  # careers:\n  #   urls: [https://example.org/careers]\n',
);
