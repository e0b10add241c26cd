// The ETag / Last-Modified cache file that lets a cron run answer 304s from the previous run's bodies: it survives
// a restart, a damaged file only costs a refetch, and a failed write leaves nothing behind and is retried.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidatorCache, type ValidatorEntry } from '../../scrapers/http-validators.js';
import { useTempDirs } from '../fixtures/temp-dirs.js';

const entry = (body: string, etag = '"e1"'): ValidatorEntry => ({ etag, status: 200, body, storedAt: 1_700_000_000_000 });

describe('ValidatorCache file', () => {
  const tempDir = useTempDirs('techdemand-validators-');

  it('a flushed cache is what the next process loads, and no temporary file is left', async () => {
    const dir = tempDir();
    const path = join(dir, 'cache', 'validators.json');
    const first = new ValidatorCache({ path });
    first.set('https://a.example/jobs', entry('{"jobs":[1]}'));
    first.set('https://b.example/jobs', { lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT', status: 200, body: 'b', storedAt: 5 });
    await first.flush();
    expect(readdirSync(join(dir, 'cache'))).toEqual(['validators.json']);

    const second = new ValidatorCache({ path });
    expect(second.size).toBe(2);
    expect(second.get('https://a.example/jobs')).toEqual(entry('{"jobs":[1]}'));
    expect(second.get('https://b.example/jobs')?.lastModified).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
  });

  it('a damaged file means an empty cache with a warning, never a failed run', () => {
    const dir = tempDir();
    const path = join(dir, 'validators.json');
    writeFileSync(path, '{"version":1,"entries":{"https://a.example/":{"etag":"\\"x\\"","status":200,"bo');
    const warnings: string[] = [];
    const cache = new ValidatorCache({ path, onWarning: (m) => warnings.push(m) });
    expect(cache.size).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(path);
  });

  it('a failed write leaves no temporary file, keeps the entries and writes them on the next flush', async () => {
    const dir = tempDir();
    const path = join(dir, 'validators.json');
    // A folder where the file should be: the rename over it fails, as a full or read-only disk would fail a write.
    mkdirSync(path);
    const cache = new ValidatorCache({ path });
    cache.set('https://a.example/jobs', entry('body'));
    await expect(cache.flush()).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['validators.json']);

    rmSync(path, { recursive: true });
    await cache.flush();
    expect(new ValidatorCache({ path }).get('https://a.example/jobs')).toEqual(entry('body'));
  });

  it('keeps the newest entries within its limits', () => {
    const cache = new ValidatorCache({ maxEntries: 2 });
    cache.set('u1', entry('1'));
    cache.set('u2', entry('2'));
    cache.set('u1', entry('1b'));
    cache.set('u3', entry('3'));
    expect(cache.get('u2')).toBeUndefined();
    expect(cache.get('u1')?.body).toBe('1b');
    expect(cache.get('u3')?.body).toBe('3');

    const small = new ValidatorCache({ maxChars: 5 });
    small.set('a', entry('abc'));
    small.set('b', entry('def'));
    expect(small.get('a')).toBeUndefined();
    expect(small.get('b')?.body).toBe('def');
  });
});
