// Random network faults for the loopback mocks (HN replay, ATS, boards), for soak tests: a seeded share of the
// requests gets a 429 with Retry-After, a 5xx, a connection reset, a body cut off mid-transfer, or a stall.
//
// What makes a soak's outcome deterministic although the faults are random: one URL (path + query) never gets more
// than `maxConsecutive` faults in a row — after that it is answered normally, which resets its count. Keep
// maxConsecutive below the client's retry budget and every request still succeeds in the end, however the faults
// fall; which requests were hit (and so the request count) may differ from run to run, the stored result may not.
// Every fault kind here is one the client retries; a well-formed 200 with a broken document (the servers'
// malformed faults) is not, so it is not part of the chaos.
//
// This module picks the faults and holds the two ways of breaking a connection; answering a pick is up to each server
// (the ATS and boards mocks do it in http-mock.ts, the HN replay server in its own JSON).
import type { IncomingMessage, ServerResponse } from 'node:http';

export type ChaosFaultType = 'rate-limit' | 'server-error' | 'reset' | 'truncated' | 'stall';

export const CHAOS_FAULT_TYPES: readonly ChaosFaultType[] = ['rate-limit', 'server-error', 'reset', 'truncated', 'stall'];

export interface ChaosOptions {
  /** Share of requests that get a fault, 0..1. */
  rate: number;
  /** Random numbers in [0, 1): pass a seeded generator to make a soak repeatable. */
  random: () => number;
  /** Relative weights of the fault kinds (a kind left out never happens). Default: all but stall, equally. */
  weights?: Partial<Record<ChaosFaultType, number>>;
  /** At most this many faults in a row for one URL; keep it below the client's retries. */
  maxConsecutive: number;
  /** URLs (path + query) that never get a fault, e.g. /robots\.txt$/ (an unreachable robots.txt disallows a site). */
  exclude?: RegExp;
  /** Retry-After of the 429s (default "1"). */
  retryAfter?: string;
}

export interface Chaos {
  /** The fault for this request, or null to answer it normally. Call once per request. */
  pick(url: string): ChaosFaultType | null;
  /** Faults injected so far, by kind. */
  readonly counts: Readonly<Record<ChaosFaultType, number>>;
  readonly retryAfter: string;
}

export function createChaos(options: ChaosOptions): Chaos {
  const weights = options.weights ?? { 'rate-limit': 1, 'server-error': 1, reset: 1, truncated: 1 };
  const kinds = CHAOS_FAULT_TYPES.filter((k) => (weights[k] ?? 0) > 0);
  const total = kinds.reduce((s, k) => s + (weights[k] ?? 0), 0);
  const counts: Record<ChaosFaultType, number> = { 'rate-limit': 0, 'server-error': 0, reset: 0, truncated: 0, stall: 0 };
  const inARow = new Map<string, number>();
  return {
    counts,
    retryAfter: options.retryAfter ?? '1',
    pick(url) {
      if (total <= 0 || options.exclude?.test(url)) return null;
      const run = inARow.get(url) ?? 0;
      if (run >= options.maxConsecutive || options.random() >= options.rate) {
        inARow.delete(url);
        return null;
      }
      let r = options.random() * total;
      let kind = kinds[kinds.length - 1]!;
      for (const k of kinds) {
        r -= weights[k] ?? 0;
        if (r < 0) {
          kind = k;
          break;
        }
      }
      inARow.set(url, run + 1);
      counts[kind]++;
      return kind;
    },
  };
}

/** Drops the connection without a response: the client sees a reset / "socket hang up". */
export function resetConnection(req: IncomingMessage): void {
  const socket = req.socket;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Sends the status line, the headers with the full Content-Length, and only the first half of the body, then drops
 * the connection: a transfer cut off mid-body (the client must not take the half document for the whole).
 */
export function truncateResponse(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length === 0) {
    // Nothing to cut short: an empty body with Content-Length 0 would be a complete answer.
    resetConnection(req);
    return;
  }
  res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
}
