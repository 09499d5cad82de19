import { getBackend } from '../../src/kernels';

// The layer suites run twice (jest.config.js): make sure each run really uses its backend.
it('runs this project on the backend it names', () => {
  expect(getBackend()).toBe(process.env.KUBIKI_BACKEND === 'js' ? 'js' : 'wasm');
});
