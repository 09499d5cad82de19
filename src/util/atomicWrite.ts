import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataError } from '../errors';

/**
 * Writes `data` to `path` through a temporary file in the same directory and a rename, so a crash
 * or a full disk never leaves a half-written file and an existing file stays intact until the new
 * one is complete. Creates the parent directory. `where` names the caller in errors. After a
 * successful write, temporary files of the same target left by killed processes are removed.
 */
export function atomicWrite(path: string, data: string | Uint8Array, where: string): void {
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(directory, { recursive: true });
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was created (the directory itself is unusable): nothing to clean up.
    }
    throw new DataError(`${where}: cannot write "${path}": ${(error as Error).message}`);
  }
  removeStaleTemporaries(directory, basename(path));
}

/** `.name.<pid>.<time>.tmp` files whose writing process is gone (a writer still alive keeps its file). */
function removeStaleTemporaries(directory: string, name: string): void {
  const prefix = `.${name}.`;
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const match = /^(\d+)\.\d+\.tmp$/.exec(entry.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && alive(pid)) continue;
    try {
      rmSync(join(directory, entry), { force: true });
    } catch {
      // Another process removed it first, or it is not ours to remove: leave it.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A file written piece by piece and published whole: the pieces go to a temporary file beside
 * `path`, commit() renames it over `path`, abort() removes it. For outputs too large to build
 * as one string (predictions for millions of rows).
 */
export class AtomicFile {
  private readonly temporary: string;
  private fd: number | undefined;

  constructor(
    readonly path: string,
    private readonly where: string,
  ) {
    const directory = dirname(path);
    this.temporary = join(directory, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
    try {
      mkdirSync(directory, { recursive: true });
      this.fd = openSync(this.temporary, 'w');
    } catch (error) {
      throw new DataError(`${where}: cannot write "${path}": ${(error as Error).message}`);
    }
  }

  write(text: string): void {
    try {
      writeSync(this.fd as number, text);
    } catch (error) {
      this.abort();
      throw new DataError(`${this.where}: cannot write "${this.path}": ${(error as Error).message}`);
    }
  }

  commit(): void {
    try {
      closeSync(this.fd as number);
      this.fd = undefined;
      renameSync(this.temporary, this.path);
    } catch (error) {
      this.abort();
      throw new DataError(`${this.where}: cannot write "${this.path}": ${(error as Error).message}`);
    }
    removeStaleTemporaries(dirname(this.path), basename(this.path));
  }

  abort(): void {
    try {
      if (this.fd !== undefined) closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
    rmSync(this.temporary, { force: true });
  }
}
