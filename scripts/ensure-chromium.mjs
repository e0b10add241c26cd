#!/usr/bin/env node
// Runs before `npm test`: the browser tests drive a real Chromium (Debian's package, never a downloaded browser).
// When none is found and this machine may install packages without a password (root, or passwordless sudo) and has
// apt-get, it installs Debian's `chromium`; otherwise it says in one line what to run and fails, so a newcomer's
// `npm test` either passes or tells them the one missing step. TECHDEMAND_NO_INSTALL=1 turns the install off.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const wanted = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const executable = (p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
if (executable(wanted)) process.exit(0);

const say = (line) => process.stderr.write(`npm test: ${line}\n`);
const howTo = `install Debian's Chromium ("sudo apt-get install -y chromium") or set CHROMIUM_PATH to a Chromium binary, then run npm test again`;
if (process.env.CHROMIUM_PATH) {
  say(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file: ${howTo}`);
  process.exit(1);
}
const ok = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const sudo = !root && ok('sudo', ['-n', 'true']) ? ['sudo', '-n'] : null;
if (process.env.TECHDEMAND_NO_INSTALL === '1' || !ok('sh', ['-c', 'command -v apt-get']) || (!root && !sudo)) {
  say(`the browser tests need Chromium and none is at ${wanted}: ${howTo}`);
  process.exit(1);
}
say(`no Chromium at ${wanted}: installing Debian's chromium package for the browser tests (TECHDEMAND_NO_INSTALL=1 skips this)`);
const prefix = root ? [] : sudo;
const run = (args) => spawnSync(prefix[0] ?? args[0], prefix.length ? [...prefix.slice(1), ...args] : args.slice(1), {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
run(['apt-get', 'update', '-qq']);
const installed = run(['apt-get', 'install', '-y', '-qq', 'chromium']);
if (installed.status !== 0 || !executable(wanted)) {
  say(`could not install chromium with apt-get: ${howTo}`);
  process.exit(1);
}
