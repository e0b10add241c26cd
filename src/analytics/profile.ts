// The learner's profile: a small YAML file a person writes in a minute.
//
//   knows: {python: 4, postgres: 3, k8s: 1}     # name: confidence 0-5 (3 = can work with it unaided)
//   goals: {role: backend, by: 2027-06}          # optional
//   ignore: [php]                                # optional: never suggest these
//
// `knows` may also be a list: `- {name: python, confidence: 4}` or a bare `- go` (confidence 3).
// Every error is one line naming the file and line: "me.yaml:3: confidence of python must be 0-5".

import type { Node, Pair } from 'yaml';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { InputError } from '../core/errors.js';
import type { Month } from '../core/types.js';
import type { Resolution } from './resolve.js';
import { describeResolution, isResolved, TechResolver } from './resolve.js';
import { parseRoleList } from '../role-list.js';

export const MAX_PROFILE_BYTES = 256 * 1024;
/** Confidence at or above which a technology counts as known (for coverage). */
export const KNOWN_AT = 3;
/** Confidence of a bare name in a `knows` list. */
export const DEFAULT_CONFIDENCE = 3;

export interface ProfileSkill {
  /** The name as written ("postgres"). */
  name: string;
  /** 0..5. */
  confidence: number;
  line: number;
}

export interface Profile {
  knows: ProfileSkill[];
  goals: { role?: string; by?: Month };
  ignore: { name: string; line: number }[];
}

/** Parse a profile. Throws InputError("file:line: what") on malformed YAML or a bad value. */
export function parseProfile(text: string, file = 'profile'): Profile {
  if (text.length > MAX_PROFILE_BYTES) throw new InputError(`${file}: profile too large (${text.length} bytes, max ${MAX_PROFILE_BYTES})`);
  const lc = new LineCounter();
  // uniqueKeys is checked below in one linear pass: yaml's own check compares every key with every earlier
  // key of its map, and a 256 KB profile of 20k keys took seconds.
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  const lineOf = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? lc.linePos(range[0]).line : 1;
  };
  const fail = (node: unknown, message: string): never => {
    throw new InputError(`${file}:${lineOf(node)}: ${oneLine(message)}`);
  };
  const firstError = doc.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0].line ?? 1;
    const message = firstError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(`${file}:${line}: ${oneLine(message)}`);
  }
  const duplicate = firstDuplicateKey(doc.contents);
  if (duplicate !== null) fail(duplicate, 'Map keys must be unique');
  const profile: Profile = { knows: [], goals: {}, ignore: [] };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    throw new InputError(`${file}:1: empty profile: write at least "knows: {python: 3}"`);
  }
  if (!isMap(root)) return fail(root, 'a profile is a mapping with knows, goals and ignore');

  const seen = new Set<string>();
  const addSkill = (keyNode: unknown, name: unknown, confNode: unknown, confidence: unknown): void => {
    if (typeof name !== 'string' && typeof name !== 'number') return fail(keyNode, 'a technology name must be text');
    const n = String(name).trim();
    if (n === '') return fail(keyNode, 'empty technology name');
    if (typeof confidence !== 'number' || !Number.isInteger(confidence) || confidence < 0 || confidence > 5) {
      return fail(confNode ?? keyNode, `confidence of ${n} must be a whole number 0-5 (got ${JSON.stringify(confidence ?? null)})`);
    }
    if (seen.has(n.toLowerCase())) return fail(keyNode, `${n} is listed twice`);
    seen.add(n.toLowerCase());
    profile.knows.push({ name: n, confidence, line: lineOf(keyNode) });
  };

  for (const pair of root.items as Pair<unknown, unknown>[]) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    const value = pair.value as Node | null;
    if (key === 'knows') {
      if (isMap(value)) {
        for (const p of value.items as Pair<unknown, unknown>[]) {
          addSkill(p.key, isScalar(p.key) ? p.key.value : null, p.value, isScalar(p.value) ? p.value.value : null);
        }
      } else if (isSeq(value)) {
        for (const item of value.items) {
          if (isScalar(item)) addSkill(item, item.value, null, DEFAULT_CONFIDENCE);
          else if (isMap(item)) {
            const nameNode = item.get('name', true);
            const confNode = item.get('confidence', true);
            for (const p of item.items as Pair<unknown, unknown>[]) {
              const k = isScalar(p.key) ? p.key.value : null;
              if (k !== 'name' && k !== 'confidence') fail(p.key, `unknown field "${String(k)}" in knows (expected name, confidence)`);
            }
            if (!nameNode) fail(item, 'each knows item needs a name');
            addSkill(nameNode, nameNode?.value, confNode, confNode === undefined ? DEFAULT_CONFIDENCE : confNode.value);
          } else fail(item, 'each knows item is a name or {name, confidence}');
        }
      } else if (value !== null && !(isScalar(value) && value.value === null)) {
        fail(value ?? pair.key, 'knows is a mapping (python: 4) or a list of {name, confidence}');
      }
    } else if (key === 'goals') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      if (!isMap(value)) return fail(value, 'goals is a mapping like {role: backend, by: 2027-06}');
      for (const p of value.items as Pair<unknown, unknown>[]) {
        const k = isScalar(p.key) ? p.key.value : null;
        const v = isScalar(p.value) ? p.value.value : undefined;
        if (k === 'role') {
          if (typeof v !== 'string' || v.trim() === '') fail(p.value ?? p.key, 'goals.role must be text, e.g. backend');
          // The same role values as --role, checked now rather than when the market is chosen.
          try {
            parseRoleList(String(v), 'goals.role');
          } catch (err) {
            fail(p.value ?? p.key, (err as Error).message);
          }
          profile.goals.role = String(v).trim();
        } else if (k === 'by') {
          const s = typeof v === 'string' ? v.trim() : '';
          const m = /^(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?$/.exec(s);
          if (!m) fail(p.value ?? p.key, `goals.by must be a month YYYY-MM (got ${JSON.stringify(v ?? null)})`);
          profile.goals.by = `${m![1]}-${m![2]}`;
        } else fail(p.key, `unknown goal "${String(k)}" (expected role, by)`);
      }
    } else if (key === 'ignore') {
      if (value === null || (isScalar(value) && value.value === null)) continue;
      const items = isSeq(value) ? value.items : isScalar(value) ? [value] : null;
      if (!items) return fail(value, 'ignore is a list of names, e.g. [php]');
      for (const item of items) {
        if (!isScalar(item) || (typeof item.value !== 'string' && typeof item.value !== 'number')) fail(item, 'ignore lists names');
        profile.ignore.push({ name: String((item as { value: unknown }).value).trim(), line: lineOf(item) });
      }
    } else {
      fail(pair.key, `unknown key "${String(key)}" (expected knows, goals, ignore)`);
    }
  }
  return profile;
}

/** Messages stay on one line: names as written may hold newlines or other control characters. */
function oneLine(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The first (in document order) key that repeats an earlier key of its map, or null; iterative, so depth costs no stack. */
function firstDuplicateKey(root: unknown): unknown {
  let first: { node: unknown; at: number } | null = null;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const p of node.items as Pair<unknown, unknown>[]) {
        const key = isScalar(p.key) ? p.key.value : p.key;
        if (seen.has(key)) {
          const at = (p.key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
          if (first === null || at < first.at) first = { node: p.key, at };
        }
        seen.add(key);
        stack.push(p.key, p.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return first === null ? null : first.node;
}

export interface ResolvedSkill {
  tech: string;
  confidence: number;
  /** What the person wrote. */
  input: string;
  line: number;
  /** How it resolved, for display: "k8s → kubernetes (alias "k8s")". */
  resolution: string;
}

export interface ResolvedProfile {
  known: ResolvedSkill[];
  ignore: string[];
  goals: Profile['goals'];
  /** Names that did not resolve, each with a one-line message and suggestions. */
  unknown: { input: string; line: number; message: string; suggestions: string[] }[];
}

/**
 * Resolve a parsed profile's names through the taxonomy. Unknown names are returned, not thrown:
 * the caller decides (see assertResolved). Two names resolving to one id keep the higher confidence.
 */
export function resolveProfile(profile: Profile, resolver: TechResolver): ResolvedProfile {
  const known = new Map<string, ResolvedSkill>();
  const unknown: ResolvedProfile['unknown'] = [];
  const resolveOne = (name: string, line: number): Resolution => {
    const r = resolver.resolve(name);
    if (!isResolved(r)) unknown.push({ input: name, line, message: describeResolution(r), suggestions: r.suggestions });
    return r;
  };
  for (const s of profile.knows) {
    const r = resolveOne(s.name, s.line);
    if (!isResolved(r)) continue;
    const prev = known.get(r.id);
    if (!prev || prev.confidence < s.confidence) {
      known.set(r.id, { tech: r.id, confidence: s.confidence, input: s.name, line: s.line, resolution: describeResolution(r) });
    }
  }
  const ignore = new Set<string>();
  for (const i of profile.ignore) {
    const r = resolveOne(i.name, i.line);
    if (isResolved(r)) ignore.add(r.id);
  }
  return { known: [...known.values()], ignore: [...ignore].sort(), goals: profile.goals, unknown };
}

/** Throw InputError for the first unknown name: "me.yaml:2: unknown technology "javscript" (did you mean javascript?)". */
export function assertResolved(resolved: ResolvedProfile, file = 'profile'): void {
  const u = resolved.unknown[0];
  if (u) {
    const more = resolved.unknown.length > 1 ? ` (+${resolved.unknown.length - 1} more unknown)` : '';
    throw new InputError(`${file}:${u.line}: ${u.message}${more}`);
  }
}
