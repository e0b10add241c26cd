// writeReportAtomic's clean-up of temporary files left by writers that were killed before their rename
// (tests/integration/crash-safety.test.ts kills real runs; this pins the rule itself): a later successful write
// removes them when their process is gone, whatever report they were for, and never touches a live writer's file
// or anything that only looks similar.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeReportAtomic } from '../../reports/write.js';
import { isAlivePid } from '../../src/core/process-alive.js';
import { useTempDirs } from '../fixtures/temp-dirs.js';

/** The pid of a process that has exited (reaped by spawnSync), so it is certainly not alive now. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('writeReportAtomic: leftovers of killed writers', () => {
  const tempDir = useTempDirs('techdemand-write-');

  it('isAlivePid: this process and its parent are alive, an exited child, pid 0 and a negative pid are not', () => {
    const dead = deadPid();
    expect(isAlivePid(process.pid)).toBe(true);
    expect(isAlivePid(process.ppid)).toBe(true);
    expect(isAlivePid(dead)).toBe(false);
    // kill(0, 0) and kill(-1, 0) signal process groups: they must never count as a live writer.
    expect(isAlivePid(0)).toBe(false);
    expect(isAlivePid(-1)).toBe(false);
  });

  it('a successful write removes dead writers\' temporary files of any report in the folder, and keeps the rest', () => {
    const dir = tempDir();
    const dead = deadPid();
    const stale = [
      `.index.html.${dead}.0123456789ab.tmp`, // the same report, killed mid-write
      `.report-20260101-000000.html.${dead}.ffffffffffff.tmp`, // an archived report: its name is never written again
    ];
    const keep = [
      `.index.html.${process.pid}.abcdefabcdef.tmp`, // a live writer (this process) may be mid-write
      `.index.html.${process.ppid}.abcdefabcdef.tmp`, // another live process
      `.index.html.${dead}.0123.tmp`, // not our pattern: too few hex digits
      `.index.html.${dead}.0123456789AB.tmp`, // not our pattern: upper-case hex
      `index.html.${dead}.0123456789ab.tmp`, // not hidden: not ours
      '.index.html.tmp',
      'notes.tmp',
    ];
    for (const name of [...stale, ...keep]) writeFileSync(join(dir, name), 'half a rep');
    const target = join(dir, 'index.html');
    writeReportAtomic(target, '<!doctype html><html></html>');
    expect(readFileSync(target, 'utf8')).toBe('<!doctype html><html></html>');
    expect(readdirSync(dir).sort()).toEqual([...keep, 'index.html'].sort());
  });

  it('a failed write leaves other files alone', () => {
    const dir = tempDir();
    const dead = deadPid();
    const leftover = `.index.html.${dead}.0123456789ab.tmp`;
    writeFileSync(join(dir, leftover), 'x');
    writeFileSync(join(dir, 'blocked'), 'a file where a folder should be');
    expect(() => writeReportAtomic(join(dir, 'blocked', 'index.html'), 'x')).toThrow(/cannot write report/);
    expect(readdirSync(dir).sort()).toEqual([leftover, 'blocked'].sort());
  });

  it('removeStaleTempFiles asks about each pid, returns what it removed, and tolerates a missing folder', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.a.html.101.0123456789ab.tmp'), '');
    writeFileSync(join(dir, '.b.html.202.0123456789ab.tmp'), '');
    const asked: number[] = [];
    const removed = removeStaleTempFiles(dir, (pid) => {
      asked.push(pid);
      return pid === 202;
    });
    expect(asked.sort()).toEqual([101, 202]);
    expect(removed).toEqual(['.a.html.101.0123456789ab.tmp']);
    expect(readdirSync(dir)).toEqual(['.b.html.202.0123456789ab.tmp']);
    expect(removeStaleTempFiles(join(dir, 'missing'))).toEqual([]);
  });
});
