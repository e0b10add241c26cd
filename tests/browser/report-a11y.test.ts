/// <reference lib="dom" />
// Accessibility of the HTML report in a real browser (Debian's Chromium): the axe-core engine at desktop and phone
// widths, light and dark, must find no serious or critical violation (contrast, list structure, keyboard access to
// scrolling tables); a skip link leads past the masthead; keyboard users do not step through every example ad; the
// long stretch without data is labelled; posting ids read as `techdemand explain` takes them; the trend chooser says
// when nothing matches; footnotes name their technologies once per reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { renderReport } from '../../reports/render.js';
import { writeReportAtomic } from '../../reports/write.js';
import { buildFixture } from '../fixtures/report-fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let browser: Browser;
let dir: string;
let fileUrl: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  const data = buildFixture({ hostile: true }).data;
  // A stretch of nine months without data, as the demo's jump from 2018 to 2026: it must be labelled on the charts.
  data.period = { from: '2025-01', to: data.period.to };
  for (const s of data.trends ?? []) {
    const first = s.points[0]!;
    s.points = [...['2025-01', '2025-02', '2025-03'].map((month) => ({ ...first, month, partial: false })), ...s.points];
  }
  dir = mkdtempSync(join(tmpdir(), 'techdemand-a11y-'));
  const file = join(dir, 'report.html');
  writeReportAtomic(file, renderReport(data));
  fileUrl = pathToFileURL(file).href;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function page(width: number, colorScheme: 'light' | 'dark') {
  // bypassCSP lets the test inject axe-core; the report itself is unchanged.
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, bypassCSP: true });
  context.setDefaultTimeout(120_000);
  const p = await context.newPage();
  await p.goto(fileUrl, { waitUntil: 'load' });
  return { p, context };
}

describe('report accessibility', { timeout: 300_000 }, () => {
  for (const width of [1280, 390]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`axe-core finds no serious or critical violation at ${width} px, ${scheme}`, async () => {
        const { p, context } = await page(width, scheme);
        await p.addScriptTag({ path: AXE });
        const violations = await p.evaluate(async () => {
          const r = await (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { resultTypes: ['violations'] });
          return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ×${v.nodes.length} (${v.nodes[0]!.target.join(' ')})`);
        });
        expect(violations).toEqual([]);
        await context.close();
      });
    }
  }

  it('has a skip link to the report, and keyboard users step through a bounded number of stops', async () => {
    const { p, context } = await page(1280, 'light');
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the report');
    await p.keyboard.press('Enter');
    expect(await p.evaluate(() => location.hash)).toBe('#main');
    const tabbable = await p.evaluate(
      () => [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex], summary')].filter((e) => e.tabIndex >= 0 && e.checkVisibility()).length,
    );
    expect(tabbable).toBeLessThan(400);
    await context.close();
  });

  it('labels a long stretch without data on the trend charts', async () => {
    const { p, context } = await page(1280, 'light');
    expect(await p.locator('#cmp-chart .gap-label').count()).toBeGreaterThan(0);
    expect(await p.locator('#cmp-chart .gap-label title').first().textContent()).toMatch(/^no data /);
    await context.close();
  });

  it('month labels do not overlap on a phone', async () => {
    const { p, context } = await page(390, 'light');
    const boxes = await p.evaluate(() =>
      [...document.querySelectorAll<SVGTextElement>('#cmp-chart .xtick')].filter((t) => getComputedStyle(t).display !== 'none').map((t) => {
        const r = t.getBoundingClientRect();
        return [r.left, r.right] as const;
      }),
    );
    expect(boxes.length).toBeGreaterThan(1);
    const sorted = [...boxes].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0], `label ${i}`).toBeGreaterThanOrEqual(sorted[i - 1]![1]);
    await context.close();
  });

  it('says so when the chooser filter matches nothing', async () => {
    const { p, context } = await page(1280, 'light');
    const note = p.locator('#cmp-nomatch');
    expect(await note.isHidden()).toBe(true);
    await p.fill('#cmp-filter', 'zzzz-no-such-technology');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain('zzzz-no-such-technology');
    await p.fill('#cmp-filter', '');
    expect(await note.isHidden()).toBe(true);
    await context.close();
  });

  it('shows posting ids as `techdemand explain` takes them', async () => {
    const { p, context } = await page(1280, 'light');
    const ids = await p.locator('.ev-id').allTextContents();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.some((id) => /^hn-[a-z]+:\d+$/.test(id))).toBe(true);
    for (const id of ids) expect(id).not.toMatch(/ #/);
    await context.close();
  });
});
