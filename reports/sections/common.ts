// Pieces shared by the section renderers: section headings and the accessible data table behind each chart.

import { html, type SafeHtml } from '../html.js';

/** A section heading: small kicker above a plain-language title. */
export function sectionHead(id: string, kicker: string, title: string): SafeHtml {
  return html`<header class="section-head"><p class="kicker">${kicker}</p><h2 id="${id}">${title}</h2></header>`;
}

/** A table cell: text (escaped), markup, or a right-aligned number. */
export type Cell = string | SafeHtml | { num: string };

/** The table behind a chart, folded in a <details> so it is there for screen readers, copying and print. */
export function dataTable(summary: string, headers: readonly string[], rows: readonly (readonly Cell[])[], open = false): SafeHtml {
  return html`<details class="table-wrap"${open ? html` open` : ''}><summary>${summary}</summary><div class="scroll-x" tabindex="0" role="region" aria-label="${summary}"><table><thead><tr>${headers.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr>${r.map((c, i) => {
        if (typeof c === 'object' && c !== null && 'num' in c) return html`<td class="num">${c.num}</td>`;
        return i === 0 ? html`<th scope="row">${c as string | SafeHtml}</th>` : html`<td>${c as string | SafeHtml}</td>`;
      })}</tr>`,
  )}</tbody></table></div></details>`;
}
