import { resolve } from 'node:path';
import { build, defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The chat widget (web/src/widget, docs/chat.md): one self-contained script for customers'
 * sites, built after the app into dist/chat/widget.js (served at /chat/widget.js). A second,
 * plain build: no React, no chunks, no hashed name (the script tag's URL never changes).
 */
function chatWidget(): Plugin {
  return {
    name: 'oubli-chat-widget',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        logLevel: 'warn',
        build: {
          outDir: resolve(import.meta.dirname, 'dist/chat'),
          emptyOutDir: true,
          lib: { entry: resolve(import.meta.dirname, 'src/widget/widget.ts'), formats: ['iife'], name: 'OubliChat', fileName: () => 'widget.js' },
        },
      });
    },
  };
}

// The agent web app. `npm install` builds it into web/dist, which `oubli serve` serves at /.
// `npx vite --config web/vite.config.ts` runs it with hot reload against a server on :8080.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), chatWidget()],
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
