// Recruitee Careers Site API: one GET per company subdomain returns every published offer.
//   GET https://{slug}.recruitee.com/api/offers/ → {offers:[…]}
// Contract: shared/source-samples/SOURCES-REPORT.md §5.3. Quirks handled here:
// - the board is in the host name, so the base URL is a template with "{slug}" (tests and mocks
//   that cannot serve subdomains use e.g. "http://127.0.0.1:4000/recruitee/{slug}");
// - dates are "2026-09-18 13:27:28 UTC", not ISO;
// - `mailbox_email` is a mailbox address and is never kept.
import { UsageError } from '../../src/core/errors.js';
import type { RawPosting, Source, SourceContext } from '../../src/core/types.js';
import {
  type AtsPoliteness,
  type BoardRef,
  bool,
  compact,
  fetchOneDocument,
  isObject,
  isoUtcFromSpacedUtc,
  joinHtml,
  joinParts,
  pathSegment,
  str,
  trimBase,
} from './common.js';

export const RECRUITEE_BASE_URL_TEMPLATE = 'https://{slug}.recruitee.com';

/** Undocumented limits: ≤1 req/2 s per the report's budget. */
export const defaultPoliteness: AtsPoliteness = {
  host: '*.recruitee.com',
  minIntervalMs: 2_000,
  concurrency: 1,
  timeoutMs: 30_000,
};

export interface RecruiteeOptions {
  /** Company subdomain: {slug}.recruitee.com. */
  company: string;
  /** Base URL template containing "{slug}" (default "https://{slug}.recruitee.com"). */
  baseUrl?: string;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function recruiteeOffersUrl(baseUrlTemplate: string, company: string): string {
  if (!baseUrlTemplate.includes('{slug}')) {
    throw new UsageError(`recruitee base URL must contain "{slug}" (got "${baseUrlTemplate}")`);
  }
  // In the host part the slug must be a DNS label; in a path part it is percent-encoded like any segment.
  const inHost = /^[a-z]+:\/\/[^/]*\{slug\}/i.test(baseUrlTemplate);
  if (inHost && !SLUG.test(company)) throw new UsageError(`recruitee company "${company}" is not a valid subdomain`);
  const base = trimBase(baseUrlTemplate.replace('{slug}', inHost ? company.toLowerCase() : pathSegment(company)));
  return `${base}/api/offers/`;
}

export function recruiteeOfferToRaw(offer: Record<string, unknown>, company: string): RawPosting | null {
  const id = str(offer.id);
  if (id === null) return null;
  const status = str(offer.status);
  if (status !== null && status !== 'published') return null;
  const salary = isObject(offer.salary) ? offer.salary : null;
  return {
    source: 'recruitee',
    externalId: `${company}:${id}`,
    url: str(offer.careers_url),
    company: str(offer.company_name) ?? company,
    title: str(offer.title),
    location: str(offer.location) ?? joinParts([offer.city, offer.state_name, offer.country]),
    remote: bool(offer.remote),
    postedAt: isoUtcFromSpacedUtc(offer.published_at) ?? isoUtcFromSpacedUtc(offer.created_at),
    html: joinHtml([str(offer.description), str(offer.requirements)]),
    meta: compact({
      board: company,
      slug: str(offer.slug),
      department: str(offer.department),
      hybrid: bool(offer.hybrid),
      onSite: bool(offer.on_site),
      employmentType: str(offer.employment_type_code),
      experience: str(offer.experience_code),
      category: str(offer.category_code),
      countryCode: str(offer.country_code),
      salary: salary
        ? compact({ min: str(salary.min), max: str(salary.max), period: str(salary.period), currency: str(salary.currency) })
        : null,
    }),
  };
}

export function createRecruiteeSource(opts: RecruiteeOptions): Source {
  const template = opts.baseUrl ?? RECRUITEE_BASE_URL_TEMPLATE;
  // A subdomain is case-insensitive: one spelling for ids.
  const company = opts.company.toLowerCase();
  const url = recruiteeOffersUrl(template, company); // validates the slug up front
  const ref: BoardRef = { source: 'recruitee', board: company };
  return {
    name: 'recruitee',
    fetch: (ctx: SourceContext) =>
      fetchOneDocument(ctx, { ref, url, label: `company ${company}`, listKey: 'offers', toRaw: (offer) => recruiteeOfferToRaw(offer, company) }),
  };
}
