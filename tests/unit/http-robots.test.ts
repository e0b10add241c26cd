// robots.txt parsing and matching (RFC 9309), pure functions.
import { describe, expect, it } from 'vitest';
import { isAllowed, normalisePath, parseRobots, patternMatches, selectGroup, type RobotsPolicy } from '../../scrapers/http-robots.js';

const rules = (text: string): RobotsPolicy => ({ kind: 'rules', file: parseRobots(text) });
const allowed = (text: string, path: string, token = 'techdemand'): boolean => isAllowed(rules(text), token, path);

describe('group selection', () => {
  const text = [
    'User-agent: *',
    'Disallow: /',
    '',
    'User-agent: googlebot',
    'User-agent: TechDemand/0.1',
    'Disallow: /private',
    '',
    'User-agent: othercrawler',
    'Allow: /',
  ].join('\n');

  it('uses the group naming our product token (case-insensitive, version ignored), not *', () => {
    expect(allowed(text, '/jobs')).toBe(true);
    expect(allowed(text, '/private/x')).toBe(false);
  });

  it('falls back to the * group for an unnamed crawler', () => {
    expect(allowed(text, '/jobs', 'somebot')).toBe(false);
  });

  it('combines every group that names the token', () => {
    const split = 'User-agent: techdemand\nDisallow: /a\n\nUser-agent: techdemand\nDisallow: /b\n';
    expect(allowed(split, '/a/1')).toBe(false);
    expect(allowed(split, '/b/1')).toBe(false);
    expect(allowed(split, '/c')).toBe(true);
    expect(selectGroup(parseRobots(split), 'techdemand')!.rules).toHaveLength(2);
  });

  it('ignores rules before any user-agent line, comments and unknown keys', () => {
    const text2 = 'Disallow: /everything\n# comment\nUser-agent: * # all\nSitemap: https://x/s.xml\nDisallow: /tmp # temp\n';
    expect(allowed(text2, '/everything')).toBe(true);
    expect(allowed(text2, '/tmp/x')).toBe(false);
  });

  it('no groups at all → everything allowed; empty Disallow allows everything', () => {
    expect(allowed('', '/x')).toBe(true);
    expect(allowed('User-agent: *\nDisallow:\n', '/x')).toBe(true);
  });

  it('reads a Crawl-delay', () => {
    expect(selectGroup(parseRobots('User-agent: *\nCrawl-delay: 2.5\n'), 'techdemand')!.crawlDelaySec).toBe(2.5);
  });
});

describe('longest match', () => {
  it('the most specific (longest) pattern wins, Allow wins a tie', () => {
    const text = 'User-agent: *\nDisallow: /jobs\nAllow: /jobs/open\nDisallow: /jobs/open/secret\nAllow: /tie\nDisallow: /tie\n';
    expect(allowed(text, '/jobs/closed')).toBe(false);
    expect(allowed(text, '/jobs/open/1')).toBe(true);
    expect(allowed(text, '/jobs/open/secret/1')).toBe(false);
    expect(allowed(text, '/tie')).toBe(true);
  });

  it('matches the query string too', () => {
    expect(allowed('User-agent: *\nDisallow: /*?sort=', '/jobs?sort=date')).toBe(false);
    expect(allowed('User-agent: *\nDisallow: /*?sort=', '/jobs?page=2')).toBe(true);
  });

  it('/robots.txt itself is always allowed', () => {
    expect(allowed('User-agent: *\nDisallow: /', '/robots.txt')).toBe(true);
  });
});

describe('wildcards', () => {
  it('* matches any run of characters, $ anchors the end', () => {
    expect(patternMatches('/*.pdf$', '/docs/a.pdf')).toBe(true);
    expect(patternMatches('/*.pdf$', '/docs/a.pdf?x=1')).toBe(false);
    expect(patternMatches('/*.pdf', '/docs/a.pdf?x=1')).toBe(true);
    expect(patternMatches('/a*b*c', '/aXXbYYcZZ')).toBe(true);
    expect(patternMatches('/a*b*c', '/aXXcYYb')).toBe(false);
    expect(patternMatches('/exact$', '/exact')).toBe(true);
    expect(patternMatches('/exact$', '/exactly')).toBe(false);
    expect(patternMatches('/', '/anything')).toBe(true);
  });

  it('an adversarial pattern completes (greedy matcher, no exponential backtracking)', () => {
    const pattern = '/' + 'a*'.repeat(200) + 'b';
    const path = '/' + 'a'.repeat(5000);
    expect(patternMatches(pattern, path)).toBe(false);
  });

  it('a $-anchored rule is as long as its pattern without the $', () => {
    const text = 'User-agent: *\nAllow: /page$\nDisallow: /page\n';
    expect(allowed(text, '/page')).toBe(true);
    expect(allowed(text, '/page2')).toBe(false);
  });
});

describe('percent-encoding', () => {
  it('compares paths and patterns in one canonical form', () => {
    expect(normalisePath('/%7ejoe/%2fx')).toBe('/~joe/%2Fx');
    expect(normalisePath('/café')).toBe('/caf%C3%A9');
    expect(allowed('User-agent: *\nDisallow: /café', '/caf%C3%A9/menu')).toBe(false);
    expect(allowed('User-agent: *\nDisallow: /%7Ejoe', '/~joe/x')).toBe(false);
  });
});

describe('blanket verdicts', () => {
  it('allow-all and disallow-all (except /robots.txt)', () => {
    expect(isAllowed({ kind: 'allow-all' }, 'techdemand', '/x')).toBe(true);
    expect(isAllowed({ kind: 'disallow-all', reason: '503' }, 'techdemand', '/x')).toBe(false);
    expect(isAllowed({ kind: 'disallow-all', reason: '503' }, 'techdemand', '/robots.txt')).toBe(true);
  });
});

describe('records between user-agent lines (RFC 9309 §2.2.4: only a rule ends a group)', () => {
  for (const [record, line] of [
    ['Crawl-delay', 'Crawl-delay: 5'],
    ['Sitemap', 'Sitemap: https://example.org/sitemap.xml'],
    ['an unknown key', 'Host: example.org'],
    ['a comment', '# the next agent shares this group'],
    ['a blank line', ''],
  ] as const) {
    it(`${record} between two user-agent lines keeps them one group`, () => {
      const text = ['User-agent: techdemand', line, 'User-agent: *', 'Disallow: /'].join('\n');
      expect(allowed(text, '/jobs')).toBe(false);
      expect(allowed(text, '/jobs', 'othercrawler')).toBe(false);
    });
  }

  it('an allow or disallow line ends the group: the next user-agent line starts another', () => {
    const text = ['User-agent: techdemand', 'Allow: /', 'User-agent: *', 'Disallow: /'].join('\n');
    expect(allowed(text, '/jobs')).toBe(true);
    expect(allowed(text, '/jobs', 'othercrawler')).toBe(false);
  });

  it('a Crawl-delay after the agents still belongs to their group', () => {
    const g = selectGroup(parseRobots(['User-agent: techdemand', 'User-agent: other', 'Crawl-delay: 7', 'Disallow: /x'].join('\n')), 'techdemand');
    expect(g?.crawlDelaySec).toBe(7);
  });
});

describe('long rules are applied, and their cost stays bounded', () => {
  it('a Disallow longer than 2,048 characters is applied, not dropped', () => {
    const long = '/' + 'a'.repeat(3000);
    const text = ['User-agent: *', `Disallow: ${long}`].join('\n');
    expect(allowed(text, long + '/page')).toBe(false);
    expect(allowed(text, '/a')).toBe(true);
  });

  it('a long rule with wildcards matches like a short one', () => {
    const text = ['User-agent: *', `Disallow: /${'x'.repeat(2500)}*/private$`].join('\n');
    expect(allowed(text, `/${'x'.repeat(2500)}/deep/private`)).toBe(false);
    expect(allowed(text, `/${'x'.repeat(2500)}/deep/public`)).toBe(true);
  });

  it('a hostile pattern (many stars, far longer than any path) is rejected quickly and never hangs', () => {
    const hostile = '/' + 'a*'.repeat(200_000) + 'b';
    const text = ['User-agent: *', `Disallow: ${hostile}`, 'Disallow: /ok/no'].join('\n');
    expect(allowed(text, '/' + 'a'.repeat(8000))).toBe(true);
    expect(allowed(text, '/ok/no')).toBe(false);
    expect(patternMatches('/a****b', '/axxb')).toBe(true);
  });
});
