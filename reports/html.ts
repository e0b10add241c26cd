// A tiny HTML builder whose default is safe: every value interpolated into an `html` template is escaped unless
// it is itself the result of an `html` template (SafeHtml). Raw strings can only enter through `trusted()`, which
// is used for the page's own constant CSS/JS and for nothing that comes from data.
//
// Templates must quote every attribute value with double quotes; URLs must go through safeHttpUrl first.

import { escapeHtml } from './escape.js';

export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function renderValue(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return escapeHtml(value as string);
}

/** Tagged template: `html\`<b>${name}</b>\`` escapes `name`; nested html templates and arrays pass through. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += renderValue(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks a constant produced by this module's own code as HTML. Never pass data through it. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins parts with a separator (both escaped unless SafeHtml). */
export function join(parts: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = renderValue(separator);
  return new SafeHtml(parts.map(renderValue).join(sep));
}

/** Renders the attribute ` name="value"` when value is not null/undefined/false; `true` renders the bare name. */
export function attr(name: string, value: string | number | boolean | null | undefined): SafeHtml {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`bad attribute name ${name}`);
  if (value === null || value === undefined || value === false) return new SafeHtml('');
  if (value === true) return new SafeHtml(` ${name}`);
  return new SafeHtml(` ${name}="${escapeHtml(String(value))}"`);
}
