import { readFileSync } from 'node:fs';

/*
 * Reading a file the user named, with the failure said in words ("no such file") and thrown as the
 * caller's error, which names the file and what it was for. Node-only: the core on in-memory data
 * never imports this.
 */

/** The file's text; `fail(reason)` builds the error when it cannot be read. */
export function readText(path: string, fail: (reason: string) => Error): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(unreadableReason(error));
  }
}

/** The file's bytes; `fail(reason)` builds the error when it cannot be read. */
export function readBytes(path: string, fail: (reason: string) => Error): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw fail(unreadableReason(error));
  }
}

function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  return (error as Error).message;
}
