// Career pages that only show their jobs after JavaScript ran: rendered in Debian's Chromium through
// playwright-core (never a downloaded browser), then read as JSON-LD (extractJsonLd on the rendered
// DOM) or, when configured, with CSS selectors for the job cards.
//
// One browser per run, launched on the first page and shared; every page gets its own context, and
// page and context are closed on every path (success, error, timeout). Each page has one deadline
// (timeoutMs) covering navigation, waiting for the jobs to appear and extraction. A page that loads but
// shows no jobs in time is read as it is (an employer may have no openings); one that does not load in
// time fails with kind 'timeout'.
//
// robots.txt: before the browser navigates, the page URL is requested once through the shared polite
// client as kind 'page' (conditional). The client checks robots.txt (a disallowed URL fails with a
// SourceError of kind 'robots' and is never rendered), applies the host's politeness interval, and a
// 4xx/5xx answer skips rendering. The browser's own request for the document is the second one.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SourceError } from '../src/core/errors.js';
import type { RawPosting, Source, SourceContext } from '../src/core/types.js';
import { compact, fetchText, oneLine } from './boards/common.js';
import { extractJsonLd, pageSourceDescriptor } from './jsonld.js';

export const RENDERED_SOURCE = 'rendered';
export { DEFAULT_CHROMIUM_PATH } from './browser-config.js';
import { chromiumPath as configuredChromium } from './browser-config.js';

/** The team's launch flags for Debian's Chromium (no sandbox in containers, no background traffic). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RenderedPageSelectors {
  /** One element per job card. */
  item: string;
  /** Inside the card; text content. */
  title?: string;
  company?: string;
  location?: string;
  /** Inside the card; its inner HTML becomes the posting body (default: the whole card). */
  description?: string;
  /** Inside the card; an <a> whose href is the ad's URL (default: the card's own or first link). */
  link?: string;
}

/** A page with its own deadline (a known-slow career site), instead of the source's timeoutMs. */
export interface RenderedPageTarget {
  url: string;
  timeoutMs?: number;
}

export interface RenderedPageSourceOptions {
  urls: (string | RenderedPageTarget)[];
  /** CSS selectors for the job cards; without them the rendered page is read as JSON-LD. */
  selectors?: RenderedPageSelectors;
  /** Deadline per page: navigation, waiting for jobs, extraction (default 30 s; at least 1 s). */
  timeoutMs?: number;
  /** Source name (default "rendered"). */
  name?: string;
  /** Chromium binary (default: env CHROMIUM_PATH, else /usr/bin/chromium). */
  chromiumPath?: string;
  /**
   * What to wait for after load before reading the page. Default: the item selector, or (JSON-LD mode)
   * an ld+json script that mentions JobPosting.
   */
  waitFor?: string;
  /** Company name to use when the cards do not show one (selector mode). */
  company?: string;
  /**
   * Keep the browser running after fetch() ends, until close() (default false: fetch closes it).
   * Lets a caller run several fetches on one browser, or inspect it afterwards.
   */
  keepBrowserOpen?: boolean;
}

export interface BrowserInspection {
  connected: boolean;
  contexts: number;
  pages: number;
}

export interface RenderedPageSource extends Source {
  /** Shuts the shared browser down (idempotent). */
  close(): Promise<void>;
  /** Open contexts and pages of the shared browser; null when no browser is running. */
  inspect(): BrowserInspection | null;
}

const BLOCKED_RESOURCES = new Set(['image', 'media', 'font']);
const MAX_ITEMS = 500;
/** How long creating a context and a page may take on a busy machine, on top of a page's deadline. */
const BROWSER_SETUP_ALLOWANCE_MS = 60_000;

interface CardData {
  title: string | null;
  company: string | null;
  location: string | null;
  html: string | null;
  link: string | null;
}

/** Runs in the page: reads each job card with the configured selectors. Self-contained (no closures). */
const READ_CARDS = `(args) => {
  const cards = Array.from(document.querySelectorAll(args.item)).slice(0, args.max);
  const textOf = (root, sel) => {
    if (!sel) return null;
    const el = root.querySelector(sel);
    const t = el && el.textContent ? el.textContent.replace(/\\s+/g, ' ').trim() : '';
    return t === '' ? null : t;
  };
  return cards.map((card) => {
    const body = args.description ? card.querySelector(args.description) : card;
    let linkEl = null;
    if (args.link) linkEl = card.querySelector(args.link);
    else linkEl = card.closest('a[href]') || card.querySelector('a[href]');
    return {
      title: textOf(card, args.title),
      company: textOf(card, args.company),
      location: textOf(card, args.location),
      html: body ? body.innerHTML : null,
      link: linkEl && linkEl.href ? String(linkEl.href) : null,
    };
  });
}`;

/**
 * Evaluated in the page: true once an ld+json block mentions JobPosting. An expression, not "() => …":
 * waitForFunction given a string evaluates it and does not call the result, and a function is truthy, so
 * the wait would end at once and the page be read before its script had rendered the jobs.
 */
const HAS_JOBPOSTING_LDJSON = `Array.from(document.querySelectorAll('script[type="application/ld+json"]'))
  .some((s) => /JobPosting/.test(s.textContent || ''))`;

function shortHash(parts: (string | null)[]): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex').slice(0, 16);
}

function httpUrl(value: string | null): string | null {
  if (value === null) return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

export function cardsToPostings(cards: CardData[], pageUrl: string, source: string, company?: string): RawPosting[] {
  const out: RawPosting[] = [];
  const ids = new Set<string>();
  for (const card of cards) {
    if (card.title === null && card.html === null) continue;
    const link = httpUrl(card.link);
    const base = link !== null && link !== pageUrl ? link : `${pageUrl}#${shortHash([card.title, card.company, card.location])}`;
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}#${n}`;
    ids.add(id);
    out.push({
      source,
      externalId: id,
      url: link ?? pageUrl,
      company: card.company ?? company ?? null,
      title: card.title,
      location: card.location,
      remote: card.location !== null && /\bremote\b/i.test(card.location) ? true : null,
      postedAt: null,
      html: card.html,
      meta: compact({ pageUrl, rendered: true }),
    });
  }
  return out;
}

class DeadlineExceeded extends Error {}

export function createRenderedPageSource(opts: RenderedPageSourceOptions): RenderedPageSource {
  const name = opts.name ?? RENDERED_SOURCE;
  const defaultTimeoutMs = opts.timeoutMs ?? 30_000;
  const chromiumPath = opts.chromiumPath ?? configuredChromium();
  const targets: { url: string; timeoutMs: number }[] = [];
  for (const t of opts.urls) {
    const url = typeof t === 'string' ? t : t.url;
    if (targets.some((x) => x.url === url)) continue;
    const ms = typeof t === 'string' ? defaultTimeoutMs : t.timeoutMs ?? defaultTimeoutMs;
    targets.push({ url, timeoutMs: Math.max(1000, ms) });
  }
  let browserPromise: Promise<Browser> | null = null;
  let browser: Browser | null = null;

  async function getBrowser(): Promise<Browser> {
    if (browser !== null && browser.isConnected()) return browser;
    if (browserPromise === null) {
      if (!existsSync(chromiumPath)) {
        throw new SourceError(
          `${name}: Chromium not found at ${chromiumPath} (install Debian's: apt-get install -y chromium, or set CHROMIUM_PATH)`,
          'other',
        );
      }
      // Loaded on first use: the registry imports this module on every CLI start, the browser driver is heavy.
      browserPromise = import('playwright-core')
        .then(({ chromium }) => chromium.launch({ executablePath: chromiumPath, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 }))
        .then((b) => {
          browser = b;
          return b;
        })
        .catch((err: unknown) => {
          browserPromise = null;
          throw new SourceError(oneLine(`${name}: could not start Chromium at ${chromiumPath}: ${(err as Error).message}`), 'other', {
            cause: err,
          });
        });
    }
    return browserPromise;
  }

  async function close(): Promise<void> {
    const pending = browserPromise;
    browserPromise = null;
    browser = null;
    if (pending === null) return;
    try {
      const b = await pending;
      await b.close();
    } catch {
      // Launch failed or the browser is already gone: nothing left to close.
    }
  }

  /**
   * Renders one page and reads its postings. The deadline (timeoutMs) covers navigation, waiting for the
   * jobs and reading the page; creating the context and page is the browser's own work and has a
   * separate allowance. Page and context are closed on every path.
   */
  async function renderPage(url: string, timeoutMs: number): Promise<RawPosting[]> {
    const b = await getBrowser();
    // Time kept back from waiting for the jobs, for reading the page afterwards.
    const readReserve = Math.min(2000, Math.floor(timeoutMs / 4));
    let openContext: BrowserContext | null = null;
    let abandoned = false;
    let timer: NodeJS.Timeout | undefined;

    const work = (async (): Promise<RawPosting[]> => {
      const context = await b.newContext({ serviceWorkers: 'block', acceptDownloads: false });
      openContext = context;
      try {
        if (abandoned) throw new DeadlineExceeded();
        const page = await context.newPage();
        try {
          if (abandoned) throw new DeadlineExceeded();
          const deadline = Date.now() + timeoutMs;
          const remaining = (): number => Math.max(1, deadline - Date.now());
          page.setDefaultTimeout(timeoutMs);
          // Images, media and fonts carry no job text: not fetching them keeps rendering light.
          await page.route('**/*', (route) =>
            BLOCKED_RESOURCES.has(route.request().resourceType()) ? route.abort() : route.continue(),
          );
          await page.goto(url, { waitUntil: 'load', timeout: remaining() });
          await waitForJobs(page, Math.max(1, remaining() - readReserve));
          const finalUrl = page.url();
          if (opts.selectors !== undefined) {
            const arg = JSON.stringify({ ...opts.selectors, max: MAX_ITEMS });
            const cards = (await page.evaluate(`(${READ_CARDS})(${arg})`)) as CardData[];
            return cardsToPostings(Array.isArray(cards) ? cards : [], finalUrl, name, opts.company);
          }
          const extraction = extractJsonLd(await page.content(), finalUrl, name);
          return extraction.postings.map((p) => ({ ...p, meta: { ...(p.meta ?? {}), rendered: true } }));
        } finally {
          await page.close().catch(() => undefined);
        }
      } finally {
        await context.close().catch(() => undefined);
      }
    })();
    // Backstop for a browser that stops answering: the per-step timeouts above normally fire first.
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceeded()), timeoutMs + BROWSER_SETUP_ALLOWANCE_MS);
    });
    try {
      return await Promise.race([work, guard]);
    } catch (err) {
      if (err instanceof DeadlineExceeded || (err instanceof Error && err.name === 'TimeoutError')) {
        throw new SourceError(oneLine(`${name}: ${url} did not render within ${timeoutMs} ms`), 'timeout', { cause: err });
      }
      if (err instanceof SourceError) throw err;
      throw new SourceError(oneLine(`${name}: rendering ${url} failed: ${(err as Error).message}`), 'network', { cause: err });
    } finally {
      clearTimeout(timer);
      abandoned = true;
      // Closing the context ends whatever the page was still waiting for; then let `work` finish its
      // own cleanup (bounded, in case the browser itself hangs).
      const c = openContext as BrowserContext | null;
      if (c !== null) await c.close().catch(() => undefined);
      await Promise.race([work.catch(() => undefined), new Promise((r) => setTimeout(r, 5000).unref())]);
    }
  }

  /** Waits until the jobs are in the DOM. A page that loads but shows none in time is read as it is. */
  async function waitForJobs(page: Page, budgetMs: number): Promise<void> {
    const waitSelector = opts.waitFor ?? opts.selectors?.item;
    try {
      if (waitSelector !== undefined) await page.waitForSelector(waitSelector, { state: 'attached', timeout: budgetMs });
      else await page.waitForFunction(HAS_JOBPOSTING_LDJSON, undefined, { timeout: budgetMs });
    } catch (err) {
      if (!(err instanceof Error && err.name === 'TimeoutError')) throw err;
    }
  }

  return {
    name,
    close,
    inspect(): BrowserInspection | null {
      if (browser === null) return null;
      const contexts = browser.contexts();
      return {
        connected: browser.isConnected(),
        contexts: contexts.length,
        pages: contexts.reduce((n, c) => n + c.pages().length, 0),
      };
    },
    async *fetch(ctx: SourceContext): AsyncGenerator<RawPosting> {
      const failures: SourceError[] = [];
      let done = 0;
      try {
        for (const { url, timeoutMs } of targets) {
          if (ctx.signal?.aborted) throw new SourceError(`${name}: aborted`, 'other', { cause: ctx.signal.reason });
          ctx.onProgress?.({ source: name, message: `rendering ${url}`, done, total: targets.length });
          let postings: RawPosting[];
          try {
            // robots.txt and politeness through the shared client before the browser goes there.
            await fetchText(name, ctx, url, { kind: 'page', accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' });
            postings = await renderPage(url, timeoutMs);
          } catch (err) {
            if (ctx.signal?.aborted) throw err;
            failures.push(err instanceof SourceError ? err : new SourceError(oneLine(`${name}: ${url}: ${String(err)}`), 'other'));
            done++;
            continue;
          }
          done++;
          for (const posting of postings) {
            if (ctx.sinceMonth !== undefined && typeof posting.postedAt === 'string' && posting.postedAt.slice(0, 7) < ctx.sinceMonth) continue;
            yield posting;
          }
        }
      } finally {
        if (!opts.keepBrowserOpen) await close();
      }
      ctx.onProgress?.({ source: name, message: `${done} page(s) rendered`, done, total: targets.length });
      if (failures.length > 0) {
        const first = failures[0] as SourceError;
        const more = failures.length > 1 ? ` (and ${failures.length - 1} more failed page(s))` : '';
        throw new SourceError(oneLine(`${failures.length} of ${targets.length} page(s) failed: ${first.message}${more}`), first.kind, {
          cause: first,
        });
      }
    },
  };
}

/** Career pages rendered in Chromium first (listings built by JavaScript), declared once (scrapers/registry.ts). */
export const renderedDescriptor = pageSourceDescriptor(
  'rendered',
  'career pages whose listings JavaScript builds: rendered in Chromium, then read like careers',
  (urls) => createRenderedPageSource({ urls }),
  '  # rendered:\n  #   urls: [https://example.org/jobs]\n',
);
