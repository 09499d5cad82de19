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
    const normal = normalize(p);
    const cut = normal.lastIndexOf('/');
    return cut < 0 ? '.' : cut === 0 ? '/' : normal.slice(0, cut);
  },
  resolve(...parts) {
    let out = '/';
    for (const p of parts) out = p.startsWith('/') ? p : `${out}/${p}`;
    return normalize(out);
  },
};
