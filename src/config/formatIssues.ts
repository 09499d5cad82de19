import type { z } from 'zod';
import { didYouMean } from '../util/suggest';
import { describe } from '../util/describe';

/** "model.layers[1].type" from ['model', 'layers', 1, 'type']. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** A short, quoted picture of a bad value. */
export function describeValue(value: unknown): string {
  return value === undefined ? 'undefined' : describe(value);
}

/**
 * One line per zod issue: "path: expected X, got Y", "path: missing; expected X", or
 * "path: unknown key "epoch"; did you mean "epochs"?" (`knownKeys` gives the keys allowed at a path).
 */
export function formatIssue(issue: z.core.$ZodIssue, knownKeys: (path: readonly PropertyKey[]) => readonly string[]): string[] {
  const where = jsonPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path);
    return issue.keys.map(
      (key) =>
        `${jsonPath([...issue.path, key])}: unknown key ${JSON.stringify(key)}${didYouMean(key, known)}` +
        (didYouMean(key, known) === '' ? `; expected one of ${known.map((k) => JSON.stringify(k)).join(', ')}` : ''),
    );
  }
  if (input === undefined && issue.code === 'invalid_type') return [`${where}: missing; expected ${issue.message}`];
  let line = `${where}: expected ${issue.message}, got ${describeValue(input)}`;
  if (issue.code === 'invalid_value' && typeof input === 'string') {
    line += didYouMean(input, issue.values.map(String));
  }
  return [line];
}
