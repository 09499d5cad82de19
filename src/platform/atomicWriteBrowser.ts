import { PlatformError } from '../errors';
import { IN_MEMORY } from './Platform';

/*
 * src/util/atomicWrite in the browser bundle (scripts/buildBrowser.js swaps it in): files cannot
 * be written there, and both entries say so with the in-memory alternative.
 */

function noFiles(): never {
  throw new PlatformError(`atomicWrite: expected a file system, got the browser build of kubiki (no files there); ${IN_MEMORY.atomicWrite}`, 'atomicWrite');
}

export function atomicWrite(_path: string, _data: string | Uint8Array, _where: string): void {
  noFiles();
}

export class AtomicFile {
  constructor() {
    noFiles();
  }
}
