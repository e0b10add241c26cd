/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The HTML report in a real browser (Debian's Chromium via playwright-core): rendered from real ads plus hostile
// ones, opened from a file:// URL. Checks that every section shows real numbers, that nothing is fetched, that
// the chooser and the evidence dialog work by clicking, that no attack payload runs, and saves screenshots at
// desktop and phone widths in light and dark mode into test-artifacts/ for a human to look at.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { renderReport } from '../../reports/render.js';
import { writeReportAtomic } from '../../reports/write.js';
import { fmtInt, fmtPct } from '../../reports/format.js';
import { buildFixture, PWNED_PAYLOADS, REPO_ROOT, type Fixture } from '../fixtures/report-fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(REPO_ROOT, 'test-artifacts');
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
let fixture: Fixture;
let dir: string;
let fileUrl: string;

interface Watched {
  page: Page;
  context: BrowserContext;
  requests: string[];
  errors: string[];
  dialogs: string[];
}

async function open(width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  // The machine is shared: give a slow load room (no assertion here depends on time).
  context.setDefaultTimeout(120_000);
  context.setDefaultNavigationTimeout(120_000);
  const page = await context.newPage();
  const w: Watched = { page, context, requests: [], errors: [], dialogs: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') w.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.errors.push(`pageerror: ${e.message}`));
  page.on('dialog', async (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  // Runs before the page's own script (through the DevTools protocol, so the page's CSP does not apply to it).
  await page.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(fileUrl, { waitUntil: 'load' });
  return w;
}

async function expectClean(w: Watched): Promise<void> {
  expect(w.requests, 'the report must not request anything but itself').toEqual([fileUrl]);
  expect(w.errors).toEqual([]);
  expect(w.dialogs).toEqual([]);
  expect(await w.page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(await w.page.evaluate(() => (window as any).__csp)).toEqual([]);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the browser tests need it (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  }
  fixture = buildFixture({ hostile: true });
  dir = mkdtempSync(join(tmpdir(), 'techdemand-report-'));
  const file = join(dir, 'out', 'report.html');
  writeReportAtomic(file, renderReport(fixture.data));
  fileUrl = pathToFileURL(file).href;
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('report in Chromium', { timeout: 300_000 }, () => {
  it('renders every section with real numbers, fetching nothing', async () => {
    const w = await open(1280);
    const { page } = w;
    const d = fixture.data;
    for (const id of ['headline', 'demand', 'trends', 'movers', 'stacks', 'learner', 'evidence', 'about']) {
      await expect(page.locator(`#${id}`).isVisible(), `section #${id}`).resolves.toBe(true);
    }
    const kpis = await page.locator('.kpis').innerText();
    expect(kpis).toContain(fmtInt(d.totals.postings));
    expect(kpis).toContain(fmtInt(d.totals.rawPostings));

    // The headline's top technology with its share, as a bar label and a number.
    const top = d.headline.top[0]!;
    const firstRow = await page.locator('#headline .bar-label').first().innerText();
    expect(firstRow).toContain(top.name);
    expect(await page.locator('#headline .bar-value b').first().innerText()).toBe(fmtPct(top.share));

    // Demand: every category panel, every technology's share.
    const demandText = await page.locator('#demand').innerText();
    for (const c of d.demand) {
      expect(demandText).toContain(c.name);
      for (const r of c.rows) expect(demandText).toContain(fmtPct(r.share));
    }
    // Bars really have widths proportional to the shares.
    const widths = await page.locator('#headline rect.bar').evaluateAll((rs) => rs.map((r) => (r as SVGRectElement).getBBox().width));
    expect(widths[0]).toBeGreaterThan(widths[widths.length - 1]!);

    // Trends: the three default series are drawn, one small multiple per series.
    expect(await page.locator('#cmp-scale > g.series:not(.is-off)').count()).toBe(3);
    expect(await page.locator('.sm').count()).toBe(Math.min(16, d.trends!.length));
    const readout = await page.locator('#cmp-readout').innerText();
    expect(readout).toContain(d.trends![0]!.name);

    // Movers, stacks, learner, quality show their figures.
    expect(await page.locator('#movers').innerText()).toContain(d.movers!.rising[0]!.name);
    expect(await page.locator('#stacks .matrix td').count()).toBe(d.cooccurrence!.techs.length ** 2);
    expect(await page.locator('.cov-figure').innerText()).toBe(fmtPct(d.learner!.coverage));
    const about = await page.locator('#about').innerText();
    expect(about).toContain(fmtInt(d.quality!.dedup!.unique));
    expect(about).toContain(fmtPct(d.quality!.untagged!.share));

    await expectClean(w);
    await w.context.close();
  });

  it('the chooser shows and hides lines by clicking', async () => {
    const w = await open(1280);
    const { page } = w;
    const off = fixture.data.trends!.find((s, i) => i >= 3 && s.tech === 'postgresql') ?? fixture.data.trends![4]!;
    const group = page.locator(`#cmp-scale > g.series[data-tech="${off.tech}"]`);
    const line = group.locator('path.line').first();
    expect(await line.isVisible()).toBe(false);

    const yTop = () => page.locator('#cmp-chart .ytick').last().textContent();
    const chip = page.locator('#cmp-chooser label.chip', { has: page.locator(`input[data-tech="${off.tech}"]`) });
    await chip.click();
    expect(await line.isVisible()).toBe(true);
    expect(await group.getAttribute('data-slot')).toBe('3');
    expect(await page.locator(`#cmp-labels text[data-tech="${off.tech}"]`).isVisible()).toBe(true);

    // Only the new one: the y axis rescales to it.
    await page.locator('#cmp-clear').click();
    expect(await page.locator('#cmp-scale > g.series:not(.is-off)').count()).toBe(0);
    await chip.click();
    const max = Math.max(...off.points.map((p) => p.high));
    expect(Number((await yTop())!.replace('%', ''))).toBeGreaterThanOrEqual(max * 100);
    expect(Number((await yTop())!.replace('%', ''))).toBeLessThan(max * 100 * 2.1);

    // Pointing at the chart reads a month's values.
    const box = (await page.locator('#cmp-chart').boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    expect(await page.locator('#cmp-readout').innerText()).toContain('Jan 2026');
    expect(await page.locator('#cmp-readout').innerText()).toContain(fmtPct(off.points[0]!.share));

    await chip.click();
    expect(await line.isVisible()).toBe(false);
    await page.locator('#cmp-reset').click();
    expect(await page.locator('#cmp-scale > g.series:not(.is-off)').count()).toBe(3);

    // The filter hides non-matching chips.
    await page.locator('#cmp-filter').fill(off.name.slice(0, 5));
    expect(await chip.isVisible()).toBe(true);
    expect(await page.locator('#cmp-chooser label.chip:not(.is-hidden)').count()).toBeLessThan(fixture.data.trends!.length);

    await expectClean(w);
    await w.context.close();
  });

  it('clicking a technology opens its example ads with the matched words highlighted', async () => {
    const w = await open(1280);
    const { page } = w;
    const tech = fixture.data.headline.top.find((t) => t.tech === 'postgresql')!;
    await page.locator('#headline a.tech-link', { hasText: tech.name }).first().click();
    const dialog = page.locator('#ev-dialog');
    expect(await dialog.isVisible()).toBe(true);
    expect(await page.locator('#ev-dialog-title').innerText()).toContain(tech.name);
    const marks = await dialog.locator('mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m).toMatch(/postgres/i);
    const example = fixture.data.evidence![tech.tech]![0]!;
    expect(await dialog.locator('.ev-item').first().innerText()).toContain(example.snippet.slice(0, 40).trim().split('\n')[0]!);
    expect(await dialog.locator('a.ev-orig').first().getAttribute('href')).toBe(example.url);
    await page.screenshot({ path: join(ARTIFACTS, 'report-evidence-desktop-light.png') });
    await page.locator('#ev-dialog-close').click();
    expect(await dialog.isVisible()).toBe(false);
    await expectClean(w);
    await w.context.close();
  });

  it('hostile ads execute nothing and render as text', async () => {
    const w = await open(1280);
    const { page } = w;
    // Open the hostile evidence (the first Python example) and move the mouse over everything in it.
    await page.locator('#demand a.tech-link', { hasText: /^Python$/ }).first().click();
    const item = page.locator('#ev-dialog .ev-item').first();
    const text = await item.innerText();
    expect(text).toContain(PWNED_PAYLOADS.script);
    expect(text).toContain(PWNED_PAYLOADS.closeScript.slice(0, 30));
    expect(text).toContain(PWNED_PAYLOADS.js);
    await item.hover();
    await page.locator('#ev-dialog .ev-meta').first().hover();
    // The javascript: URL is shown as text, never as a link.
    expect(await item.locator('a').count()).toBe(0);
    expect(await item.locator('.ev-badurl').innerText()).toBe(PWNED_PAYLOADS.js);
    await page.keyboard.press('Escape');

    // Across the whole document: only our two scripts, no handler attributes, no foreign elements, only safe links.
    const audit = await page.evaluate(() => {
      const all = [...document.querySelectorAll('*')];
      return {
        scripts: [...document.scripts].map((s) => s.type || 'classic'),
        handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
        foreign: all.filter((e) => /^(img|iframe|object|embed|meta|base|form|style)$/i.test(e.tagName)).map((e) => e.outerHTML.slice(0, 80)),
        links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!),
        title: document.title,
      };
    });
    expect(audit.scripts).toEqual(['application/json', 'classic']);
    expect(audit.handlers).toEqual([]);
    // The page's own <meta> tags and the one <style> are expected; nothing else of those kinds.
    expect(audit.foreign.filter((f) => !/^<meta (charset|http-equiv="Content-Security-Policy"|name="(viewport|referrer|color-scheme|description)")/.test(f) && !/^<style>/.test(f))).toEqual([]);
    for (const href of audit.links) expect(href).toMatch(/^(https?:\/\/|#)/);
    expect(audit.title).toContain('<script>');

    // Hover the hostile technology's label and chip too (attribute payloads would need a mouse event).
    await page.locator('#demand .bar-label', { hasText: 'Evil' }).hover();
    await page.locator('#cmp-chooser label.chip', { hasText: 'Evil' }).hover();
    await page.locator('#about .msg').last().hover();
    await expectClean(w);
    await w.context.close();
  });

  it('saves screenshots at desktop and phone widths, light and dark', async () => {
    const shots: string[] = [];
    for (const [width, name] of [[1280, 'desktop'], [390, 'phone']] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        const w = await open(width, scheme);
        const path = join(ARTIFACTS, `report-${name}-${scheme}.png`);
        // Chromium cannot capture bitmaps taller than its texture limit (16,384 px; the phone page is taller),
        // and fails intermittently near it: capture the top 12,000 px of the full page.
        const height = await w.page.evaluate(() => document.documentElement.scrollHeight);
        await w.page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, 12_000) } });
        shots.push(path);
        // Nothing may overflow the viewport sideways (tables scroll inside their own box).
        const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${name} ${scheme} horizontal overflow`).toBeLessThanOrEqual(0);
        if (name === 'phone') {
          await w.page.locator('#demand a.tech-link').first().click();
          const dpath = join(ARTIFACTS, `report-evidence-phone-${scheme}.png`);
          await w.page.screenshot({ path: dpath });
          shots.push(dpath);
        }
        await expectClean(w);
        await w.context.close();
      }
    }
    for (const s of shots) expect(statSync(s).size).toBeGreaterThan(10_000);
  }, 600_000);
});
