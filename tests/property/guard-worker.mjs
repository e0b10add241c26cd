// Worker thread for tests/property/guard.ts: runs one module function of the BUILT code (dist/) per message.
// It is plain JavaScript so it runs without vitest's TypeScript transform; the test thread keeps a hard
// timeout on every call and terminates this worker when a call does not come back.
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = join(workerData.root, 'dist');
const load = (rel) => import(pathToFileURL(join(dist, rel)).href);

let tagger = null;
const errors = await load('src/core/errors.js');

/** Each target takes the message's args and returns something structured-cloneable. */
const targets = {
  async tag(text) {
    if (tagger === null) {
      const { loadTaxonomy } = await load('taxonomy/load.js');
      const { compileTagger } = await load('taxonomy/tagger.js');
      tagger = compileTagger(loadTaxonomy());
    }
    return tagger.tag(text);
  },
  async htmlToText(html) {
    return (await load('scrapers/html-text.js')).htmlToText(html);
  },
  async extractJsonLd(html, url) {
    return (await load('scrapers/jsonld.js')).extractJsonLd(html, url);
  },
  async parseProfile(text, file) {
    return (await load('src/analytics/profile.js')).parseProfile(text, file);
  },
  async normalizePosting(raw) {
    return (await load('src/normalize.js')).normalizePosting(raw, new Date('2026-01-15T12:00:00Z'));
  },
  async toIsoTime(value) {
    return (await load('src/normalize.js')).toIsoTime(value);
  },
  async parseConfig(text, file) {
    return (await load('src/config.js')).parseConfig(text, file, '/tmp');
  },
  async catastrophicShape(source) {
    return (await load('taxonomy/regex-safety.js')).catastrophicShape(source);
  },
  /** Runs a regex the safety check accepted on a hostile subject: a blow-up shows as a timeout. */
  async regexExec(source, subject) {
    const re = new RegExp(source, 'gi');
    let count = 0;
    for (let m = re.exec(subject); m !== null && count < 10_000; m = re.exec(subject)) {
      count++;
      if (m[0] === '') re.lastIndex++;
    }
    return count;
  },
};

parentPort.on('message', async ({ id, target, args }) => {
  try {
    const fn = targets[target];
    if (!fn) throw new Error(`guard-worker: unknown target ${target}`);
    const value = await fn(...args);
    parentPort.postMessage({ id, ok: true, value });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort.postMessage({
      id,
      ok: false,
      error: {
        name: e.name,
        message: e.message,
        stack: e.stack ?? '',
        inputError: err instanceof errors.InputError,
        problems: Array.isArray(err?.problems) ? err.problems : undefined,
      },
    });
  }
});
parentPort.postMessage({ ready: true });
