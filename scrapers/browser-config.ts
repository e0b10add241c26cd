// Which Chromium the browser path launches. The CLI (the only reader of the environment) sets it from
// CHROMIUM_PATH; the default is Debian's package. No browser is ever downloaded.
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
let configured: string | undefined;

export function configureChromium(path: string | undefined): void {
  configured = path === '' ? undefined : path;
}

export function chromiumPath(): string {
  return configured ?? DEFAULT_CHROMIUM_PATH;
}
