import { posix } from 'node:path';
import { posixPath } from '../../src/platform/posixPath';

// The browser build's path helpers against node:path's POSIX rules (paths without a trailing slash).
const PATHS = ['a/b/../c', '/a/./b', '../x/y', 'a/../../b', '/../a', '.', 'model.json', '/data/train.csv', 'a//b', ''];

test('normalize, isAbsolute and dirname agree with node:path.posix', () => {
  for (const p of PATHS.filter((p) => p !== '')) {
    expect([p, posixPath.normalize(p)]).toEqual([p, posix.normalize(p)]);
    expect([p, posixPath.isAbsolute(p)]).toEqual([p, posix.isAbsolute(p)]);
    expect([p, posixPath.dirname(p)]).toEqual([p, posix.dirname(p)]);
  }
});

test('join agrees with node:path.posix', () => {
  const cases: string[][] = [['out', 'weights.bin'], ['/a', '../b', 'c'], ['a', '', 'b'], ['', ''], ['x/', '/y']];
  for (const parts of cases) expect([parts, posixPath.join(...parts)]).toEqual([parts, posix.join(...parts)]);
});

test('resolve agrees with node:path.posix run from "/"', () => {
  const cases: string[][] = [['data.csv'], ['/cfg/model.json', '..', 'train.csv'], ['a', '/b', 'c'], ['/cfg', './x/../y']];
  for (const parts of cases) expect([parts, posixPath.resolve(...parts)]).toEqual([parts, posix.resolve('/', ...parts)]);
});
