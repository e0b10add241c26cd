// Progress for long work: a single rewritten line on a TTY, nothing otherwise (or JSON lines with --json).
export interface Progress {
  update(message: string, done?: number, total?: number): void;
  event(record: Record<string, unknown>): void;
  done(message?: string): void;
}

export function createProgress(opts: { tty: boolean; json: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = opts.stream ?? process.stderr;
  let last = 0;
  let shown = false;
  return {
    update(message, done, total) {
      if (!opts.tty || opts.json) return;
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      const count = done === undefined ? '' : total ? ` ${done}/${total}` : ` ${done}`;
      stream.write(`\r\x1b[2K${message}${count}`);
      shown = true;
    },
    event(record) {
      if (opts.json) stream.write(JSON.stringify({ time: new Date().toISOString(), ...record }) + '\n');
    },
    done(message) {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
      if (message && opts.tty && !opts.json) stream.write(message + '\n');
    },
  };
}
