import { platform, type FileApi } from '../platform';

/*
 * Reading a file the user named, with the failure said in words ("no such file") and thrown as the
 * caller's error, which names the file and what it was for. Node-only: the files come from
 * src/platform, and in the browser build `api` (the public function that was called) fails with a
 * PlatformError naming its in-memory alternative.
 */

/** The file's text; `fail(reason)` builds the error when it cannot be read. */
export function readText(path: string, fail: (reason: string) => Error, api: FileApi = 'readText'): string {
  const files = platform.files(api);
  try {
    return files.readText(path);
  } catch (error) {
    throw fail(unreadableReason(error));
  }
}

/** The file's bytes; `fail(reason)` builds the error when it cannot be read. */
export function readBytes(path: string, fail: (reason: string) => Error, api: FileApi = 'readText'): Uint8Array {
  const files = platform.files(api);
  try {
    return files.readBytes(path);
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
