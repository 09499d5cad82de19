import { ConfigError } from '../../src/errors';
import * as kubiki from '../../src';
import { backendState } from '../../src/kernels/backend';

/** Loads a fresh copy of the kernels with KUBIKI_BACKEND / KUBIKI_THREADS set, as a new process would. */
function freshKernels(env: Record<string, string | undefined>): typeof import('../../src/kernels') {
  const saved = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    let kernels: typeof import('../../src/kernels') | undefined;
    jest.isolateModules(() => {
      kernels = require('../../src/kernels') as typeof import('../../src/kernels');
      kernels.getBackend(); // resolves the state while the variables are set
    });
    return kernels!;
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

describe('backend selection', () => {
  it('defaults to wasm when the module is built', () => {
    expect(freshKernels({ KUBIKI_BACKEND: undefined }).getBackend()).toBe('wasm');
  });

  it('honours KUBIKI_BACKEND=js and KUBIKI_THREADS', () => {
    const kernels = freshKernels({ KUBIKI_BACKEND: 'js', KUBIKI_THREADS: '1' });
    expect(kernels.getBackend()).toBe('js');
    expect(kernels.getThreads()).toBe(1);
  });

  it('switches with setBackend and is exported from the package', () => {
    const before = kubiki.getBackend();
    kubiki.setBackend('js');
    expect(kubiki.getBackend()).toBe('js');
    kubiki.setBackend('wasm');
    expect(kubiki.getBackend()).toBe('wasm');
    kubiki.setBackend(before);
  });

  it('rejects an unknown backend or thread count with the options', () => {
    expect(() => kubiki.setBackend('gpu' as 'js')).toThrow(ConfigError);
    expect(() => kubiki.setBackend('gpu' as 'js')).toThrow(/js.*wasm/);
    expect(() => kubiki.setThreads(0)).toThrow(/threads/);
    expect(() => kubiki.setThreads(99)).toThrow('setThreads: expected at most 8 threads, got 99');
  });
});

describe('backend environment variables', () => {
  it('names the options for a bad KUBIKI_BACKEND', () => {
    expect(() => freshKernels({ KUBIKI_BACKEND: 'gpu' })).toThrow(/KUBIKI_BACKEND.*gpu/);
  });
});

describe('getKernelInfo', () => {
  it('reports the FMA build by default, exported from the package root', () => {
    expect(freshKernels({ KUBIKI_BACKEND: undefined, KUBIKI_FMA: undefined, KUBIKI_THREADS: '2' }).getKernelInfo()).toEqual({
      backend: 'wasm', fma: true, simd: true, threads: 2, module: 'kubiki-fma.wasm',
    });
    expect(kubiki.getKernelInfo().module).toBe(backendState().wasm!.name);
  });

  it('reports the plain SIMD build under KUBIKI_FMA=0', () => {
    expect(freshKernels({ KUBIKI_BACKEND: undefined, KUBIKI_FMA: '0', KUBIKI_THREADS: '1' }).getKernelInfo()).toEqual({
      backend: 'wasm', fma: false, simd: true, threads: 1, module: 'kubiki.wasm',
    });
  });

  it('reports no module on the js backend, and follows setBackend', () => {
    const kernels = freshKernels({ KUBIKI_BACKEND: 'js', KUBIKI_FMA: undefined, KUBIKI_THREADS: '1' });
    expect(kernels.getKernelInfo()).toEqual({ backend: 'js', fma: false, simd: false, threads: 1, module: null });
    kernels.setBackend('wasm');
    expect(kernels.getKernelInfo()).toMatchObject({ backend: 'wasm', fma: true, module: 'kubiki-fma.wasm' });
  });

  it('names the options for a bad KUBIKI_FMA', () => {
    expect(() => freshKernels({ KUBIKI_BACKEND: undefined, KUBIKI_FMA: 'yes' })).toThrow(
      'KUBIKI_FMA: expected fma to be one of "0", "1", got "yes"',
    );
  });
});

describe('wasm memory limits', () => {
  it('reports which operand sizes fit, so larger products stay on the js kernels', () => {
    const wasm = backendState().wasm;
    expect(wasm).toBeDefined();
    expect(wasm!.canHold(64 * 2 ** 20)).toBe(true);
    expect(wasm!.canHold(2 ** 31)).toBe(false);
  });
});
