// Best-effort parse of the header line of an HN "Who is hiring?" ad.
//
// The thread asks for a first line like `Company | Role | Location | REMOTE | salary | url`, but the
// order drifts and many ads (especially before ~2015) use prose instead. So: split on `|`, take the
// first field as the company, classify the others by what they look like, and leave a field null
// rather than guess wrong. All regular expressions are linear (no nested quantifiers) and the line
// is length-capped.

export interface HeaderFields {
  company: string | null;
  title: string | null;
  location: string | null;
  remote: boolean | null;
}

const MAX_LINE_CHARS = 500;
const MAX_COMPANY_CHARS = 100;
const MAX_FIELD_CHARS = 160;

const REMOTE_NEGATIVE = /\b(?:no remote|not remote|remote: ?no|no remote work|onsite only|on-site only|in[- ]office only)\b/i;
const REMOTE_POSITIVE = /\b(?:remote|wfh|work from home|distributed team|fully distributed)\b/i;
const ONSITE = /\b(?:onsite|on-site|on site|in[- ]office|in[- ]person|hybrid)\b/i;
const REMOTE_WORDS = /\b(?:remote|onsite|on-site|on site|in[- ]office|in[- ]person|hybrid|wfh|ok|only|or|and|allowed|possible|friendly|optional|partial|partially|first|global|worldwide|anywhere|welcome|available)\b/gi;

const URL_FIELD = /^(?:https?:\/\/|www\.)\S+$|^[\w.-]+\.(?:com|io|ai|co|org|net|dev|app|tech|jobs|careers)(?:\/\S*)?$/i;
const SALARY = /[$€£¥]\s?\d|\b\d{2,3}(?:[.,]\d)?\s?[kK]\b|\b(?:salary|equity|compensation|per hour|\/hr|\/year|usd|eur|gbp)\b/i;
// Alternatives never overlap and the separator is a single character, so matching stays linear.
const EMPLOYMENT = /^(?:(?:full|part)[- ]?time|ft|pt|contract(?:or)?|contract-to-hire|freelance|permanent|temporary|temp|internships?|interns?|and|or|[\s,/&+])+$/i;
const VISA = /\b(?:visa|h-?1b|sponsorship|relocation)\b/i;
const ROLE =
  /\b(?:engineers?|engineering|developers?|devs?|programmers?|scientists?|designers?|architects?|managers?|leads?|head of|directors?|cto|vp|sre|devops|analysts?|researchers?|swe|sde|full[- ]?stack|back[- ]?end|front[- ]?end|ios|android|ml|qa|testers?|administrators?|consultants?|specialists?|founding|principal|positions?|roles?|recruiters?|writers?|product|marketing|sales|support|operations|hacker|technician|intern(?:ship)?s?)\b/i;

/** The first non-empty line of a plain-text ad, capped. */
export function firstLine(text: string | null | undefined): string {
  if (!text) return '';
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, Math.min(end, start + MAX_LINE_CHARS)).trim();
    if (line !== '') return line;
    start = end + 1;
  }
  return '';
}

export function parseHeaderLine(line: string | null | undefined): HeaderFields {
  const header = (line ?? '').slice(0, MAX_LINE_CHARS).trim();
  const remote = remoteFlag(header);
  const fields = header
    .split('|')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.length < 2) return { company: null, title: null, location: null, remote };

  const company = fields[0]!.length <= MAX_COMPANY_CHARS && !isRemoteOnly(fields[0]!) ? fields[0]! : null;
  let title: string | null = null;
  let location: string | null = null;
  let remoteWithPlace: string | null = null;
  for (const field of fields.slice(1)) {
    if (field.length > MAX_FIELD_CHARS) continue;
    if (URL_FIELD.test(field) || SALARY.test(field) || EMPLOYMENT.test(field) || VISA.test(field)) continue;
    if (isRemoteOnly(field)) continue;
    if (title === null && ROLE.test(field) && (location !== null || !looksLikePlace(field))) {
      title = field;
      continue;
    }
    if (REMOTE_POSITIVE.test(field) || ONSITE.test(field)) {
      // "Remote (Europe)", "San Francisco or Remote": a place, with the remote flag taken from the whole line.
      remoteWithPlace ??= field;
      continue;
    }
    location ??= field;
  }
  return { company, title, location: location ?? remoteWithPlace, remote };
}

function remoteFlag(header: string): boolean | null {
  if (REMOTE_NEGATIVE.test(header)) return false;
  if (REMOTE_POSITIVE.test(header)) return true;
  if (ONSITE.test(header)) return false;
  return null;
}

/** "REMOTE", "Onsite or Remote", "Remote OK": nothing but remote/onsite words. */
function isRemoteOnly(field: string): boolean {
  if (!REMOTE_POSITIVE.test(field) && !ONSITE.test(field)) return false;
  return field.replace(REMOTE_WORDS, '').replace(/[\s,/&+()\-–.:;!]+/g, '') === '';
}

/** A comma-separated place ("Berlin, Germany", "NYC, NY") rather than a role. */
function looksLikePlace(field: string): boolean {
  return /^[A-Z][\w .'-]*,\s*[A-Z][\w .'-]*$/.test(field) && !/\b(?:engineer|developer|scientist|designer|manager)s?\b/i.test(field);
}
