import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The agent web app. `npm install` builds it into web/dist, which `oubli serve` serves at /.
// `npx vite --config web/vite.config.ts` runs it with hot reload against a server on :8080.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts: the server's content security policy allows only files from itself.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
