import { ConfigError } from '../errors';

/**
 * JSON.parse with the position of a syntax error as "file:line:column". V8 reports a character
 * offset for most errors but not all ("Unexpected token", "Unexpected end"); for those the offset
 * is found as the length of the longest prefix that is still the beginning of valid JSON. A
 * leading byte-order mark is skipped.
 */
export function parseJson(source: string, file: string): unknown {
  // A byte-order mark, as editors on Windows write it, is not part of the JSON (as in CSVs).
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const match = /at position (\d+)/.exec(message);
    const offset = match ? Number(match[1]) : errorOffset(text);
    const { line, column } = lineAndColumn(text, offset);
    const reason =
      text.trim() === ''
        ? 'the file is empty'
        : message.replace(/,? ".*" is not valid JSON$/s, '').replace(/( in JSON)? at position \d+.*$/s, '');
    throw new ConfigError(`${file}:${line}:${column}: invalid JSON: ${reason}`);
  }
}

/** True when `prefix` parses, or fails only because it ends too early (at its very end). */
function validPrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    return message.startsWith('Unexpected end of JSON input') || Number(position?.[1]) === prefix.length;
  }
}

/** The offset of the first character that cannot continue valid JSON (binary search on prefixes). */
function errorOffset(text: string): number {
  let low = 0; // validPrefix(text.slice(0, low)) holds (the empty text "ends too early")
  let high = text.length;
  if (validPrefix(text)) return text.length;
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (validPrefix(text.slice(0, mid))) low = mid;
    else high = mid;
  }
  return high - 1;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
