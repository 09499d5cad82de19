import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataError } from '../errors';

/**
 * Writes `data` to `path` through a temporary file in the same directory and a rename, so a crash
 * or a full disk never leaves a half-written file and an existing file stays intact until the new
 * one is complete. Creates the parent directory. `where` names the caller in errors.
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
}
