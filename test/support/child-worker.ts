/**
 * Runs a snippet of ESM TypeScript in a child process (a second "instance"): two SQLite
 * connections in one process would block each other's event loop for the busy timeout.
 * The snippet prints `ready` once it is about to work and a JSON array as its last line.
 * @module
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function runWorker(code: string, env: Record<string, string>): { ready: Promise<void>; done: Promise<string[]> } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  let signalReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready')) signalReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<string[]>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[]) : reject(new Error(err)))),
  );
  return { ready, done };
}
