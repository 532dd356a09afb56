// `npm start`'s stack (dist/scripts/stack.js) as a child of a suite: started with an environment of the suite's
// choosing, its output kept, and the pid of each app it started read from its "[stack] <name> started (pid N)" lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '@app/stack';

export const STACK_ENTRY = join(findProjectRoot(), 'dist', 'scripts', 'stack.js');

export interface StackProcess {
  child: ChildProcess;
  output: () => string;
}

/** Starts the stack and resolves once it printed "Press Ctrl-C to stop." (within 180 s). */
export function startStack(env: NodeJS.ProcessEnv, args: string[] = []): Promise<StackProcess> {
  if (!existsSync(STACK_ENTRY)) throw new Error(`${STACK_ENTRY} is missing: run "npm run build" (npm test does it)`);
  const child = spawn(process.execPath, [STACK_ENTRY, ...args], {
    cwd: findProjectRoot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack did not come up in 180 s:\n${output}`)), 180_000);
    const poll = setInterval(() => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    }, 200);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`stack exited with ${code} before it was up:\n${output}`));
    });
  });
}

/** The pid of the latest `name` the stack started, from its "[stack] <name> started (pid N)" line. */
export function pidOf(output: string, name: string): number | undefined {
  const pids = [...output.matchAll(new RegExp(`\\[stack\\] ${name} started \\(pid (\\d+)\\)`, 'g'))];
  return pids.length > 0 ? Number(pids[pids.length - 1][1]) : undefined;
}

/** Ctrl-C, and the stack's exit code. */
export function stopStack({ child }: StackProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}
