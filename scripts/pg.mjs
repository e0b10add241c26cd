#!/usr/bin/env node
// A throwaway PostgreSQL server for developers, tests and CI (`npm run pg`): Debian's postgresql package, a fresh
// cluster in a temp folder, listening on 127.0.0.1 only, fsync off (a test server: nothing in it needs to survive a
// crash). initdb refuses to run as root, so as root the cluster belongs to the `postgres` user (runuser).
//
//   npm run pg                  start one, print its URL and pid, and keep it until Ctrl-C
//   node scripts/pg.mjs start   start one in the background; prints `url=…`, `pid=…`, `dir=…` lines
//   node scripts/pg.mjs stop <dir>   stop a background one (by the pid in its postmaster.pid) and delete its folder
//
// PG_BIN (default /usr/lib/postgresql/15/bin) points at another installation's binaries.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The binaries: PG_BIN, else Debian's newest /usr/lib/postgresql/<version>/bin (15 on this project's machines). */
export const PG_BIN = process.env.PG_BIN || debianBin();

function debianBin() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0] ?? '15', 'bin');
}

function postgresIds() {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!passwd) throw new Error('running as root needs a "postgres" user for initdb (Debian\'s postgresql package creates it)');
  const [, , uid, gid] = passwd.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root. */
function pgRun(binary, args, options = {}) {
  const file = join(PG_BIN, binary);
  if (!existsSync(file)) throw new Error(`${file} is missing: install Debian's postgresql package or set PG_BIN`);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`${binary} ${args[0] ?? ''} failed: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' / ')}`);
  return r.stdout;
}

async function freePort() {
  return await new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts a fresh server. Returns { url, pid, dir, port }: the superuser `postgres` with trust authentication on
 * 127.0.0.1 (a throwaway server: nothing but this machine's own processes can reach it). `durable: true` keeps
 * PostgreSQL's default fsync and commit settings (the benchmark measures a server as an operator runs it).
 */
export async function startServer({ durable = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'techdemand-pg-'));
  chmodSync(dir, 0o700);
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const fast = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const opts = `-h 127.0.0.1 -p ${port} -k ${dir}${fast} -c max_connections=100`;
  pgRun('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', opts, '-w', '-t', '60', 'start']);
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, pid, dir, port };
}

/** Stops the server of `dir` by its pid and deletes the folder. Safe to call twice. */
export function stopServer(dir) {
  const pidFile = join(dir, 'data', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 'SIGINT'); // "fast" shutdown
    } catch {
      // already gone
    }
    for (let i = 0; i < 100 && existsSync(pidFile); i++) execFileSync('sleep', ['0.1']);
    if (existsSync(pidFile)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

async function main() {
  const [command, arg] = process.argv.slice(2);
  if (command === 'start') {
    const s = await startServer();
    process.stdout.write(`url=${s.url}\npid=${s.pid}\ndir=${s.dir}\n`);
    return;
  }
  if (command === 'stop') {
    if (!arg) throw new Error('usage: node scripts/pg.mjs stop <dir>');
    stopServer(arg);
    return;
  }
  if (command === undefined || command === 'run') {
    const s = await startServer();
    process.stdout.write(`PostgreSQL ${s.url} (pid ${s.pid}, data in ${s.dir}); Ctrl-C stops it and deletes the data.\n`);
    process.stdout.write(`  try: TECHDEMAND_DB=${s.url} npm run demo\n`);
    const stop = () => {
      stopServer(s.dir);
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    setInterval(() => {}, 1 << 30);
    return;
  }
  throw new Error(`unknown command ${command}: start, stop <dir>, or nothing`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    process.stderr.write(`pg: ${err.message}\n`);
    process.exit(1);
  });
}
