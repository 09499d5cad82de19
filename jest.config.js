/*
 * Two projects: every test on the default backend (wasm once `npm run build` has produced it), and
 * the layer, loss, model, optimizer and autograd suites again with KUBIKI_BACKEND=js, so both backends pass them.
 */
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/helpers/summaryReporter.js'],
  projects: [
    { ...common, displayName: 'default', roots: ['<rootDir>/test'], testMatch: ['**/*.test.ts'] },
    {
      ...common,
      displayName: 'js',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/{layers,losses,model,optim,autograd}/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/helpers/backendJs.ts'],
    },
  ],
};
