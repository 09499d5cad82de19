import { ConfigError } from '../errors';

/**
 * Refuses files that coincide (after resolving): writing the model over the training data, or the
 * history over the model, would silently destroy a file. `paths` lists [config key, absolute path];
 * undefined entries are skipped. Checked before any work.
 */
export function checkDistinctPaths(file: string, paths: readonly (readonly [string, string | undefined])[]): void {
  const seen = new Map<string, string>();
  for (const [key, path] of paths) {
    if (path === undefined) continue;
    const before = seen.get(path);
    if (before !== undefined) {
      throw new ConfigError(
        `${file}: ${key}: expected a file of its own, got the same file as ${before} ("${path}"); give each its own path`,
      );
    }
    seen.set(path, key);
  }
}
