// What every section renderer needs besides its own slice of the data: display names of technologies and
// categories, and which technologies have example ads (their names become links that open the evidence view).

import { html, type SafeHtml } from './html.js';
import { domId } from './ids.js';
import type { ReportData, TechRef } from '../src/core/report-data.js';

export interface RenderContext {
  data: ReportData;
  /** Taxonomy id → display name, gathered from every section. */
  techNames: Map<string, string>;
  /** Category id → display name. */
  categoryNames: Map<string, string>;
  /** Taxonomy ids that have at least one evidence example. */
  withEvidence: Set<string>;
}

function addName(names: Map<string, string>, ref: Partial<TechRef> | undefined): void {
  if (!ref || typeof ref.tech !== 'string') return;
  if (!names.has(ref.tech) && typeof ref.name === 'string' && ref.name !== '') names.set(ref.tech, ref.name);
}

export function buildContext(data: ReportData): RenderContext {
  const techNames = new Map<string, string>();
  for (const c of data.demand ?? []) for (const r of c.rows ?? []) addName(techNames, r);
  for (const r of data.headline?.top ?? []) addName(techNames, r);
  for (const s of data.trends ?? []) addName(techNames, s);
  for (const m of [...(data.movers?.rising ?? []), ...(data.movers?.falling ?? [])]) addName(techNames, m);
  for (const s of data.stacks ?? []) for (const t of s.techs ?? []) addName(techNames, t);
  for (const t of data.cooccurrence?.techs ?? []) addName(techNames, t);
  if (data.learner) {
    for (const t of [...data.learner.known, ...data.learner.gaps, ...data.learner.nextSteps, ...data.learner.learningOrder]) addName(techNames, t);
  }
  for (const t of data.changes?.techs ?? []) addName(techNames, t);

  const categoryNames = new Map<string, string>();
  for (const c of data.demand ?? []) if (typeof c.id === 'string') categoryNames.set(c.id, String(c.name ?? c.id));

  const withEvidence = new Set<string>();
  for (const [tech, examples] of Object.entries(data.evidence ?? {})) {
    if (Array.isArray(examples) && examples.length > 0) withEvidence.add(tech);
  }
  return { data, techNames, categoryNames, withEvidence };
}

export function techName(ctx: RenderContext, tech: string): string {
  return ctx.techNames.get(tech) ?? tech;
}

/** A technology's name; a link to its example ads when there are any (the client opens them in a dialog). */
export function techLabel(ctx: RenderContext, ref: { tech: string; name?: string }): SafeHtml {
  const name = ref.name && ref.name !== '' ? ref.name : techName(ctx, ref.tech);
  if (!ctx.withEvidence.has(ref.tech)) return html`<span class="tech">${name}</span>`;
  const id = domId('ev', ref.tech);
  return html`<a class="tech tech-link" href="#${id}" data-ev="${id}" title="Show example ads">${name}</a>`;
}
