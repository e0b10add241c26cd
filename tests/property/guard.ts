// Hard time guard for adversarial inputs.
//
// "Bounded time" is shown without timing assertions: each hostile input (megabyte lines, 100k nested tags,
// repeated punctuation) runs in a worker thread on the built code, and the test thread waits at most
// GUARD_MS for the answer. Linear work on these inputs takes well under a few seconds even on a slow,
// shared CI core; a quadratic scan or catastrophic backtracking on a megabyte takes minutes to hours. So the
// guard never fires on correct code, but a blow-up makes the test FAIL (the worker is terminated, which
// stops a running regex too) instead of hanging the suite. The margin is ~10x: it only catches true blow-ups.
//
// The worker runs dist/ (built by `npm test` before vitest, as the CLI tests do). A dist older than its
// source would test stale code, so that is refused with a message saying to build.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

export const ROOT = resolve(__dirname, '..', '..');
export const GUARD_MS = 30_000;

/** Sources whose built copy the worker runs (directly or through imports that matter for these tests). */
const GUARDED_SOURCES = [
  'src/core/errors.ts',
  'src/normalize.ts',
  'src/analytics/profile.ts',
  'src/config.ts',
  'taxonomy/load.ts',
  'taxonomy/tagger.ts',
  'taxonomy/tokenize.ts',
  'taxonomy/compile.ts',
  'taxonomy/strength.ts',
  'taxonomy/regex-safety.ts',
  'scrapers/html-text.ts',
  'scrapers/jsonld.ts',
  'scrapers/jsonld-repair.ts',
];

export function assertDistFresh(sources: readonly string[] = GUARDED_SOURCES): void {
  for (const rel of sources) {
    const src = join(ROOT, rel);
    const built = join(ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
    if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first (npm test does)`);
    if (existsSync(src) && statSync(built).mtimeMs < statSync(src).mtimeMs) {
      throw new Error(`${built} is older than ${rel}: run "npm run build" first (npm test does)`);
    }
  }
}

export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: { name: string; message: string; stack: string; inputError: boolean; problems?: string[] } };

interface Pending {
  resolve: (o: Outcome<unknown>) => void;
  reject: (e: Error) => void;
}

/** One worker thread, reused across calls; replaced after a timeout. */
export class Guard {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly timeoutMs = GUARD_MS) {
    assertDistFresh();
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(join(__dirname, 'guard-worker.mjs'), { workerData: { root: ROOT } });
    this.worker = worker;
    this.ready = new Promise<void>((resolveReady, rejectReady) => {
      worker.on('message', (msg: { ready?: boolean; id?: number } & Outcome<unknown>) => {
        if (msg.ready) return resolveReady();
        const p = this.pending.get(msg.id!);
        if (!p) return;
        this.pending.delete(msg.id!);
        p.resolve(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
      });
      worker.on('error', (err) => {
        rejectReady(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
    });
    return this.ready;
  }

  /** Calls target(...args) in the worker; rejects if no answer comes within the guard time. */
  async call<T>(target: string, args: unknown[], label: string): Promise<Outcome<T>> {
    await this.start();
    const id = ++this.seq;
    const worker = this.worker!;
    return new Promise<Outcome<T>>((resolveCall, rejectCall) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.worker = null;
        this.ready = null;
        void worker.terminate();
        rejectCall(new Error(`${label}: ${target}() gave no answer within ${this.timeoutMs / 1000} s — a super-linear blow-up ` +
          '(catastrophic backtracking or a quadratic scan) on this input'));
      }, this.timeoutMs);
      this.pending.set(id, {
        resolve: (o) => { clearTimeout(timer); resolveCall(o as Outcome<T>); },
        reject: (e) => { clearTimeout(timer); rejectCall(e); },
      });
      worker.postMessage({ id, target, args });
    });
  }

  /** Like call, but the function must return: a thrown error fails with its message. */
  async value<T>(target: string, args: unknown[], label: string): Promise<T> {
    const o = await this.call<T>(target, args, label);
    if (!o.ok) throw new Error(`${label}: ${target}() threw ${o.error.name}: ${o.error.message}\n${o.error.stack}`);
    return o.value;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.ready = null;
    if (w) await w.terminate();
  }
}

/** s repeated to at least `chars` characters (cut to exactly that many code units). */
export function repeatTo(s: string, chars: number): string {
  return s.repeat(Math.ceil(chars / s.length)).slice(0, chars);
}

export const MB = 1024 * 1024;
