// `techdemand report`: the HTML report, with the learner section when a profile is given (src/report-builder.ts).
import { type GlobalOptions } from '../app.js';
import { requireCurrentRoles } from '../role-filter.js';
import { loadProjectTaxonomy } from '../taxonomy-source.js';
import { openQueryStorage } from '../storage.js';
import { buildReportData } from '../report-builder.js';
import { writeReportWithArchive } from '../report-archive.js';
import { requireWritableTarget } from '../user-files.js';
import type { ReportData } from '../core/report-data.js';
import { loadProfile } from './gap-analysis.js';
import { type AnalyticsFlags, analyticsFilter, parseDenominator } from './analytics-shared.js';

export interface ReportOptions extends GlobalOptions, AnalyticsFlags {
  out: string;
  profile?: string;
  /** Headline and demand panels over every month instead of the latest twelve with data. */
  allTime?: boolean;
  /** Also keep this report in the archive folder beside --out. */
  archive?: boolean;
  now?: Date;
}

/** The HTML report with the analytics options: role, denominator, learner profile (the lead's reportCommand has none). */
export async function reportCommand(o: ReportOptions): Promise<string> {
  requireWritableTarget(o.out, '--out');
  const taxonomy = loadProjectTaxonomy();
  const filter = analyticsFilter(o, taxonomy);
  const denominator = parseDenominator(o.denominator ?? o.count);
  const profile = o.profile !== undefined ? loadProfile(o.profile, taxonomy) : undefined;
  let data: ReportData;
  const q = await openQueryStorage(o.db);
  try {
    if (filter.roles !== undefined) await requireCurrentRoles(q, filter.roles, q.location);
    data = await buildReportData(q, taxonomy, filter, { denominator, ...(profile ? { profile } : {}), ...(o.now ? { now: o.now } : {}), ...(o.allTime ? { allTime: true } : {}) });
  } finally {
    await q.close();
  }
  // Also archives the report beside --out and fills "what changed" from the previous archived one.
  const { path: out, html } = writeReportWithArchive(o.out, data, { archive: o.archive === true });
  o.stdout.write(o.json ? JSON.stringify({ report: out, bytes: Buffer.byteLength(html) }) + '\n' : `${out}\n`);
  return out;
}

