// Builds the web chat into dist/ (or --outDir): one index.html plus hashed
// files under assets/, which web/CMakeLists.txt embeds into the binary.
import { defineConfig } from 'vite';

export default defineConfig({
  // JSX through esbuild, no framework plugin: Preact's automatic runtime.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    target: 'es2020',
    // The page runs under a CSP without inline scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
