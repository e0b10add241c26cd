// We Work Remotely: one RSS feed per category, /categories/{slug}.rss (default: back-end programming).
// Items: <title>Company: Role</title>, <region>, <category>, <description> (HTML, entity-escaped inside
// the XML), <pubDate> RFC 822, <guid>, <link>; some feeds add <type>, <skills>. The feed supports
// ETag; the client sends it (conditional) and a 304 means nothing new.
// Terms (weworkremotely.com/api-terms-and-guidelines): applications go through weworkremotely.com, so
// `url` is the WWR ad itself; no WWR branding, no competing job service (we only count technologies).
import { load } from 'cheerio';
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import { SourceError } from '../../src/core/errors.js';
import { type BoardPoliteness, compact, fetchText, isoFromRfc822, keep, oneLine, trimBase } from './common.js';

export const WWR_SOURCE = 'weworkremotely';
export const WWR_BASE_URL = 'https://weworkremotely.com';
export const WWR_DEFAULT_CATEGORIES = ['remote-back-end-programming-jobs'];

export const defaultPoliteness: BoardPoliteness = {
  host: 'weworkremotely.com',
  minIntervalMs: 5_000,
  concurrency: 1,
  timeoutMs: 30_000,
  // The channel says <ttl>60</ttl>: the feed changes at most hourly.
  minRefetchMs: 60 * 60 * 1000,
  why: 'RSS <ttl>60</ttl>; apply via WWR, no competing job service',
};

export interface WeWorkRemotelyOptions {
  baseUrl?: string;
  /** Category feed slugs; default ["remote-back-end-programming-jobs"]. */
  categories?: string[];
}

/** "Company: Role" → both parts; a title without ": " is all role. */
export function splitWwrTitle(title: string): { company: string | null; role: string } {
  const at = title.indexOf(': ');
  if (at <= 0) return { company: null, role: title.trim() };
  return { company: title.slice(0, at).trim() || null, role: title.slice(at + 2).trim() };
}

/** Parses one RSS document into postings. Throws a 'parse' SourceError when it is not RSS at all. */
export function parseWwrRss(xml: string, feedUrl: string, category: string): RawPosting[] {
  // The XML parser is lenient and would read a cut-off feed as a shorter one: require the closing tag.
  if (!/<\/rss>\s*$/.test(xml.slice(-200))) {
    throw new SourceError(oneLine(`${WWR_SOURCE}: ${feedUrl} is not a complete RSS document (no closing </rss>)`), 'parse');
  }
  const $ = load(xml, { xml: true });
  if ($('rss > channel').length === 0) {
    throw new SourceError(oneLine(`${WWR_SOURCE}: ${feedUrl} is not an RSS feed (no <rss><channel>)`), 'parse');
  }
  const out: RawPosting[] = [];
  $('channel > item').each((_, el) => {
    const item = $(el);
    const field = (name: string): string | null => {
      const v = item.children(name).first().text().trim();
      return v === '' ? null : v;
    };
    const rawTitle = field('title');
    const guid = field('guid');
    const link = field('link');
    const id = guid ?? link;
    if (id === null || rawTitle === null) return;
    const { company, role } = splitWwrTitle(rawTitle);
    out.push({
      source: WWR_SOURCE,
      externalId: id,
      url: link ?? guid,
      company,
      title: role,
      location: field('region'),
      remote: true,
      postedAt: isoFromRfc822(field('pubDate')),
      // cheerio's xml mode already decoded the one layer of entities the feed wraps the HTML in.
      html: field('description'),
      meta: compact({
        attribution: 'We Work Remotely',
        feed: category,
        category: field('category'),
        type: field('type'),
        skills: field('skills'),
      }),
    });
  });
  return out;
}

export function createWeWorkRemotelySource(opts: WeWorkRemotelyOptions = {}): Source {
  const base = trimBase(opts.baseUrl ?? WWR_BASE_URL);
  const categories = opts.categories ?? WWR_DEFAULT_CATEGORIES;
  return {
    name: WWR_SOURCE,
    async *fetch(ctx: SourceContext): AsyncGenerator<RawPosting> {
      let done = 0;
      for (const category of categories) {
        const url = `${base}/categories/${encodeURIComponent(category)}.rss`;
        ctx.onProgress?.({ source: WWR_SOURCE, message: `feed ${category}`, done, total: categories.length });
        const body = await fetchText(WWR_SOURCE, ctx, url, { accept: 'application/rss+xml, application/xml;q=0.9, */*;q=0.5' });
        done++;
        if (body === null) continue; // 304 without a cached body: nothing new
        for (const posting of parseWwrRss(body, url, category)) {
          if (keep(ctx, posting)) yield posting;
        }
      }
      ctx.onProgress?.({ source: WWR_SOURCE, message: `${done} feed(s)`, done, total: categories.length });
    },
  };
}
