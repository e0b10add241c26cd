// The Content-Security-Policy of a report: nothing may load from anywhere (default-src 'none'), and only the
// exact inline <style> and <script> blocks the renderer wrote may apply/run, identified by their sha256 hashes.
// An injected <script>, event-handler attribute, javascript: URL or style attribute is therefore inert even if
// escaping were ever bypassed.

import { createHash } from 'node:crypto';

/** The CSP source expression for an inline block: 'sha256-<base64 of the UTF-8 bytes>'. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

/** The policy for a page with the given inline styles and scripts (contents exactly as written between the tags). */
export function contentSecurityPolicy(styles: readonly string[], scripts: readonly string[]): string {
  const styleSrc = styles.length ? styles.map(cspHash).join(' ') : "'none'";
  const scriptSrc = scripts.length ? scripts.map(cspHash).join(' ') : "'none'";
  return [
    "default-src 'none'",
    `style-src ${styleSrc}`,
    `script-src ${scriptSrc}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
