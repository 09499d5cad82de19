import { platform } from '../platform';

/**
 * Writes `data` to `path` through a temporary file in the same directory and a rename, so a crash
 * or a full disk never leaves a half-written file and an existing file stays intact until the new
 * one is complete. Creates the parent directory. `where` names the caller in errors. Node only: in
 * the browser build a PlatformError.
 */
export function atomicWrite(path: string, data: string | Uint8Array, where: string): void {
  platform.files('atomicWrite').writeAtomic(path, data, where);
}
