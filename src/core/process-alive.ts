// Whether a process still exists, for everything that must tell a live writer from a dead one: aborted runs
// (db/store.ts), stale run locks (db/file-lock.ts), temp files of killed report writers (reports/write.ts).

/** Whether a process with this pid exists on this host. */
export function isAlivePid(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
