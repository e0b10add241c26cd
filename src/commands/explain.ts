// `techdemand explain`: one stored posting with its mentions highlighted, the rule behind each and its roles' evidence.
import { InputError } from '../core/errors.js';
import { oneLine, visibleControls } from '../terminal-text.js';
import { loadProjectTaxonomy } from '../taxonomy-source.js';
import { openQueryStorage } from '../storage.js';
import { explainRoles, ROLES_VERSION } from '../roles.js';
import { writeOut, type GlobalOptions } from '../app.js';

/** Marks every mention in the text: ANSI reverse video on a TTY, «…»[id:strength] otherwise. */
export function highlightMentions(text: string, mentions: { tech: string; offset: number; length: number; strength: string }[], ansi: boolean): string {
  const sorted = [...mentions].sort((a, b) => a.offset - b.offset || b.length - a.length);
  let out = '';
  let at = 0;
  for (const m of sorted) {
    if (m.offset < at || m.offset + m.length > text.length) continue; // overlapping or stale evidence
    out += visibleControls(text.slice(at, m.offset));
    const word = visibleControls(text.slice(m.offset, m.offset + m.length));
    out += ansi ? `\x1b[7m${word}\x1b[27m\x1b[2m[${m.tech}:${m.strength}]\x1b[22m` : `«${word}»[${m.tech}:${m.strength}]`;
    at = m.offset + m.length;
  }
  return out + visibleControls(text.slice(at));
}

export async function explainCommand(o: GlobalOptions & { posting: string }): Promise<void> {
  const q = await openQueryStorage(o.db);
  try {
    const posting = await q.postingById(o.posting);
    if (!posting) throw new InputError(`no posting "${o.posting}" in ${q.location} (use a numeric id or source:externalId, e.g. hn:12345)`);
    // The role decision with its evidence, decided again from the stored text and mentions (the stored roles are
    // what queries filter on; they agree unless the classifier changed since, which `retag` resolves).
    const categories = new Map(loadProjectTaxonomy().entries.map((e) => [e.id, e.category]));
    const decision = explainRoles({
      title: posting.title,
      text: posting.text,
      mentions: posting.mentions.map((m) => ({ tech: m.tech, offset: m.offset, category: categories.get(m.tech) ?? null })),
    });
    if (o.json) {
      const { html: _html, ...rest } = posting;
      writeOut(o, JSON.stringify({ ...rest, roleEvidence: decision.evidence, rolesVersion: ROLES_VERSION }, null, 2) + '\n');
      return;
    }
    // Highlighting only for a terminal, and never when NO_COLOR asks for none (https://no-color.org).
    const ansi = (o.stdout as NodeJS.WriteStream).isTTY === true && o.color !== false;
    const head = [
      `posting ${posting.id}  ${posting.source}:${posting.externalId}  ${posting.postedMonth}`,
      posting.company ? `company: ${oneLine(posting.company)}` : null,
      posting.url ? `url: ${oneLine(posting.url)}` : null,
      `tagged with taxonomy ${posting.taggedVersion ?? '(never)'}`,
      `roles: ${posting.roles.length ? posting.roles.join(', ') : '(not classified yet)'}`,
      ...decision.evidence.map((e) => `  ${e.role}: ${e.because}`),
      ...(posting.roles.length && posting.roles.join(',') !== decision.roles.join(',')
        ? [`  (stored roles come from an older classifier; role classifier ${ROLES_VERSION} decides ${decision.roles.join(', ')}: run retag)`]
        : []),
      `technologies (${posting.techs.length}): ${posting.techs.map((t) => `${t.tech}${t.strength === 'required' ? '*' : t.strength === 'preferred' ? '+' : ''}`).join(', ') || 'none recognised'}`,
      '  (* required, + preferred, plain: mentioned)',
    ].filter((l): l is string => l !== null);
    writeOut(o, head.join('\n') + '\n\n');
    writeOut(o, highlightMentions(posting.text, posting.mentions, ansi) + '\n\n');
    const rules = posting.mentions.map((m) => `  ${m.offset}\t${m.tech}\t${m.strength}\t${m.rule}\t${JSON.stringify(m.text)}`); // JSON escapes controls
    writeOut(o, `evidence (offset, technology, strength, rule, matched text):\n${rules.join('\n')}\n`);
  } finally {
    await q.close();
  }
}

