import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/* The README's TypeScript example must keep working: it is run here as written, with 'kubiki'
 * pointing at src/ and the model file going to a temporary directory. */
describe('README example', () => {
  it('trains XOR, saves, loads and predicts', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toContain("from 'kubiki'");
    const dir = mkdtempSync(join(tmpdir(), 'kubiki-readme-'));
    const file = join(dir, 'example.ts');
    const src = resolve(__dirname, '..', '..', 'src').replace(/\\/g, '/');
    writeFileSync(
      file,
      code!.replace("from 'kubiki'", `from '${src}'`).replace(/'out\/xor\.kubiki\.json'/g, JSON.stringify(join(dir, 'xor.json'))),
    );
    const lines: unknown[][] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args));
    try {
      jest.isolateModules(() => require(file));
    } finally {
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines[1]).toEqual(['final loss', expect.any(Number), 'accuracy', 1]);
    const predictions = (lines[2]![0] as number[][]).map(([p]) => (p! > 0.5 ? 1 : 0));
    expect(predictions).toEqual([0, 1, 1, 0]);
  });
});
