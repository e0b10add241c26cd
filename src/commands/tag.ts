// `techdemand tag`: JSONL in ({"id", "text"|"html"}), JSONL out ({"id","tags","mentions"}), streaming in
// constant memory: one line is read, tagged and written before the next, and writes respect back-pressure.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { htmlToText } from '../../scrapers/html-text.js';
import { InputError } from '../core/errors.js';
import type { TagResult } from '../core/types.js';
import { classifyRoles } from '../roles.js';
import { createReadStream } from 'node:fs';
import { requireReadableFile } from '../user-files.js';
import { loadTaggerOnce, type GlobalOptions } from '../app.js';

export interface TextTagger {
  tag(text: string): TagResult;
}

/** The taxonomy category of a technology id, so the role classifier can read the tagger's mentions. */
export type CategoryOf = (tech: string) => string | undefined;

/** Lines longer than this are refused: they cannot be one job ad, and they bound memory. */
const MAX_LINE_CHARS = 8 * 1024 * 1024;

/**
 * One input record tagged: {"id", "tags", "mentions", "roles"}. `title` (job boards carry one) is read by the role
 * classifier; mention offsets refer to `text` (or to the text made of `html`).
 */
export function tagRecord(record: unknown, tagger: TextTagger, where: string, categoryOf: CategoryOf = () => undefined): string {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new InputError(`${where}: expected a JSON object with "id" and "text" or "html"`);
  }
  const r = record as Record<string, unknown>;
  const id = r['id'];
  if (typeof id !== 'string' && typeof id !== 'number') throw new InputError(`${where}: missing "id" (string or number)`);
  let text: string;
  if (typeof r['text'] === 'string') text = r['text'];
  else if (typeof r['html'] === 'string') text = htmlToText(r['html']);
  else throw new InputError(`${where}: record ${JSON.stringify(String(id)).slice(0, 80)} has neither "text" nor "html" as a string`);
  const title = r['title'];
  if (title !== undefined && title !== null && typeof title !== 'string') throw new InputError(`${where}: "title" must be a string`);
  const result = tagger.tag(text);
  const roles = classifyRoles({
    title: title ?? null,
    text,
    mentions: result.mentions.map((m) => ({ tech: m.tech, offset: m.offset, category: categoryOf(m.tech) })),
  });
  return JSON.stringify({
    id,
    tags: result.tags,
    mentions: result.mentions.map((m) => ({ id: m.tech, text: m.text, offset: m.offset, length: m.length, strength: m.strength, rule: m.rule })),
    roles,
  });
}

export async function tagStream(input: Readable, output: Writable, tagger: TextTagger, inputName: string, categoryOf?: CategoryOf): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let count = 0;
  // Output is gathered into chunks of ~64 KB: one write per line costs more than tagging the line.
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    pendingChars = 0;
    if (!output.write(chunk)) await once(output, 'drain');
  };
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      const where = `${inputName}:${lineNo}`;
      if (line.length > MAX_LINE_CHARS) throw new InputError(`${where}: line longer than ${MAX_LINE_CHARS} characters`);
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (err) {
        throw new InputError(`${where}: invalid JSON (${(err as Error).message.split('\n')[0]})`);
      }
      const out = tagRecord(record, tagger, where, categoryOf) + '\n';
      pending.push(out);
      pendingChars += out.length;
      count++;
      if (pendingChars >= 65_536) await flush();
    }
  } catch (err) {
    // Everything tagged before the bad line is still delivered.
    await flush();
    throw err;
  }
  await flush();
  return count;
}

/** `techdemand tag`: JSONL ads in (a file or stdin), one JSON line of tags, mentions and roles per ad out. */
export async function tagCommand(o: GlobalOptions & { input?: string }): Promise<void> {
  if (o.input !== undefined) requireReadableFile(o.input, '--input');
  const { taxonomy, tagger } = await loadTaggerOnce();
  const categories = new Map(taxonomy.entries.map((e) => [e.id, e.category]));
  const input = o.input !== undefined ? createReadStream(o.input, { encoding: 'utf8' }) : process.stdin;
  await tagStream(input, o.stdout as NodeJS.WritableStream & import('node:stream').Writable, tagger, o.input ?? '<stdin>', (id) => categories.get(id));
}
