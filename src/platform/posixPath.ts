import type { PathApi } from './Platform';

/** node:path's POSIX rules on strings, for hosts without node:path (the browser build). */

function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/** POSIX path rules on strings; the current directory of a page is taken to be "/". */
export const posixPath: PathApi = {
  normalize,
  isAbsolute: (p) => p.startsWith('/'),
  join: (...parts) => normalize(parts.filter((p) => p !== '').join('/')),
  dirname(p) {
    // The part before the last slash that follows a non-slash character, as node:path does it.
    let end = -1;
    let trailing = true;
    for (let i = p.length - 1; i >= 1; i--) {
      if (p[i] !== '/') trailing = false;
      else if (!trailing) {
        end = i;
        break;
      }
    }
    if (end === -1) return p.startsWith('/') ? '/' : '.';
    return p.slice(0, end);
  },
  resolve(...parts) {
    let out = '/';
    for (const p of parts) out = p.startsWith('/') ? p : `${out}/${p}`;
    return normalize(out);
  },
};
