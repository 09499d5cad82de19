/** A .wasm file imported by the browser build: esbuild's binary loader turns it into its bytes. */
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
