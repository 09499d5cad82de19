import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * End-to-end helpers: the tests run the BUILT command (node dist/cli/main.js), as a user would.
 * dist is rebuilt once when it is older than the sources (CI builds before testing anyway); a lock
 * directory keeps parallel jest workers from building at the same time.
 */

export const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'dist', 'cli', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function stale(): boolean {
  if (!existsSync(MAIN)) return true;
  return Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'cli'))) > statSync(MAIN).mtimeMs;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds dist/ when it is missing or older than src/ or cli/. */
export function ensureBuilt(): void {
  if (!stale()) return;
  const lock = join(ROOT, 'dist', '.build-lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) rmSync(lock, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    if (!stale()) return;
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
      encoding: 'utf8',
    });
    // tsc emits even with type errors (npm test reports those); only a missing entry point is fatal.
    if (tsc.status !== 0 && !existsSync(MAIN)) throw new Error(`build failed:\n${tsc.stdout}${tsc.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `kubiki …args` and returns its exit code and output. */
export function kubiki(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporary: string[] = [];

/** A fresh temporary directory, removed by removeTempDirs() (call it in afterAll). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubiki-cli-'));
  temporary.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `value` as JSON (or text) to dir/name and returns the path. */
export function writeIn(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}

/** Every file under `dir` (relative paths), to check that nothing partial was left behind. */
export function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name).slice(dir.length + 1))
    .sort();
}

/** A small, fast classification config over `train` (absolute path), writing into `out`. */
export function smallConfig(train: string, out: string): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    model: { inputShape: [4], layers: [{ type: 'Linear', outputSize: 8 }, { type: 'ReLU' }, { type: 'Linear', outputSize: 3 }] },
    loss: { type: 'CrossEntropyLoss' },
    optimizer: { type: 'Adam', lr: 0.01 },
    data: { train, label: 'species', validationSplit: 0.2, normalize: 'standard' },
    training: { epochs: 2, batchSize: 16, seed: 0 },
    output: { model: join(out, 'model.kubiki.json'), history: join(out, 'history.csv') },
  };
}

export const IRIS = join(ROOT, 'examples', 'iris', 'iris.csv');
