// Builds the explorer (ui/) into dist/ui, which the function app serves at /api/ui/ (functions/explorer.ts).
// `base: './'`: every link in the page is relative, so it works under any route prefix.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/ui',
    emptyOutDir: true,
    // The function app serves what is here and nothing else; source maps stay out of the package.
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
});
