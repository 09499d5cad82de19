import { platform } from '../platform';
import { DataError } from '../errors';

/** The words (lines) of a text file, and the 1-based file line of each, to name it in errors. */
export interface TextLines {
  readonly file: string;
  readonly words: readonly string[];
  readonly lines: readonly number[];
}

/** Reads a text file of one word (or phrase) a line; see {@link parseTextLines}. */
export function loadText(path: string): TextLines {
  const files = platform.files('loadText');
  let text: string;
  try {
    text = files.readText(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new DataError(`${path}: cannot read the text file (${reason})`);
  }
  return parseTextLines(text, path);
}

/**
 * Splits text into lines (LF or CRLF); each non-empty line is one sequence, kept as written
 * (spaces included); blank lines are skipped. `file` names the source in errors.
 */
export function parseTextLines(text: string, file: string): TextLines {
  const words: string[] = [];
  const lines: number[] = [];
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  text
    .slice(start)
    .split('\n')
    .forEach((raw, i) => {
      const word = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (word.length === 0) return;
      words.push(word);
      lines.push(i + 1);
    });
  if (words.length === 0) throw new DataError(`${file}: expected lines of text (one word a line), got an empty file`);
  return { file, words, lines };
}

/** Lines `indices` of a text (for a split), keeping their file lines. */
export function takeLines(text: TextLines, indices: ArrayLike<number>): TextLines {
  const words: string[] = [];
  const lines: number[] = [];
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i] as number;
    words.push(text.words[k] as string);
    lines.push(text.lines[k] as number);
  }
  return { file: text.file, words, lines };
}
