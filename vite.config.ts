import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The UI is loaded from `ra-app://ui/` (desktop) or from the browser-mode host; both serve
// `dist/renderer` at the root, so relative asset URLs work everywhere.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // No inline scripts or styles: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
