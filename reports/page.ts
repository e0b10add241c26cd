// The HTML document around a report or an index: doctype, the CSP meta tag computed from the exact inline blocks,
// viewport/colour-scheme metas, the stylesheet, the body, the JSON data block and the script.

import { html, trusted, type SafeHtml } from './html.js';
import { jsonForScript } from './escape.js';
import { contentSecurityPolicy } from './csp.js';

export interface PageOptions {
  title: string;
  description?: string;
  css: string;
  body: SafeHtml;
  /** Data for the script, serialised with jsonForScript into <script type="application/json" id="report-data">. */
  data?: unknown;
  /** The inline script (a constant: its hash is in the CSP). */
  script?: string;
}

export function renderPage(o: PageOptions): string {
  if (o.css.includes('</style')) throw new Error('stylesheet must not contain </style');
  if (o.script !== undefined && /<\/script|<!--/i.test(o.script)) throw new Error('script must not contain </script or <!--');
  const scripts = o.script !== undefined ? [o.script] : [];
  const csp = contentSecurityPolicy([o.css], scripts);
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
<title>${o.title}</title>
<link rel="icon" href="data:,">
<style>${trusted(o.css)}</style>
</head>
<body>
${o.body}
${o.data !== undefined ? html`<script type="application/json" id="report-data">${trusted(jsonForScript(o.data))}</script>` : ''}
${o.script !== undefined ? html`<script>${trusted(o.script)}</script>` : ''}
</body>
</html>
`;
  return doc.html;
}
