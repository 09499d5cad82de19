// A jest environment for tests that call onnxruntime-node. Its native binding creates typed arrays
// in Node's main realm, and onnxruntime-common then checks them with `instanceof Float32Array`
// inside jest's sandbox realm, which fails ("A float32 tensor's data must be type of ...").
// Handing the sandbox the main realm's typed-array constructors makes both realms agree.
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

class OnnxRuntimeEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of [
      'Float32Array', 'Float64Array', 'Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array',
      'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer',
    ]) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = OnnxRuntimeEnvironment;
