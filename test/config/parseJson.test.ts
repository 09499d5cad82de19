import { parseJson } from '../../src/config/parseJson';
import { didYouMean, editDistance, nearestName } from '../../src/util/suggest';

const errorOf = (text: string): string => {
  try {
    parseJson(text, 'f.json');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a syntax error');
};

describe('parseJson', () => {
  it('parses valid JSON', () => {
    expect(parseJson('{"a": [1, 2]}', 'f.json')).toEqual({ a: [1, 2] });
  });

  it('gives line and column where V8 gives a position', () => {
    expect(errorOf('{\n "a": 1,\n "b" 2}')).toBe('f.json:3:6: invalid JSON: Unexpected number');
    expect(errorOf('{"a": 1}}')).toBe('f.json:1:9: invalid JSON: Unexpected non-whitespace character after JSON');
  });

  it('finds the position itself where V8 gives none', () => {
    // V8: `Unexpected token '}', "{"a": tru}" is not valid JSON` — no position in the message.
    expect(errorOf('{\n  "a": tru}')).toBe("f.json:2:11: invalid JSON: Unexpected token '}'");
    expect(errorOf('{"a": [1,')).toBe('f.json:1:10: invalid JSON: Unexpected end of JSON input');
    expect(errorOf('')).toBe('f.json:1:1: invalid JSON: the file is empty');
  });
});

describe('suggestions', () => {
  it('measures edit distance case-insensitively and suggests only close names', () => {
    expect(editDistance('relu', 'ReLU')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(nearestName('Relu2', ['Linear', 'ReLU', 'LeakyReLU'])).toBe('ReLU');
    expect(nearestName('Convolution', ['Linear', 'ReLU'])).toBeUndefined();
    expect(didYouMean('epoch', ['epochs', 'batchSize'])).toBe('; did you mean "epochs"?');
  });
});
