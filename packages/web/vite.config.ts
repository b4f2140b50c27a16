import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @vigil/web` proxies the API to a server on :8080 (vigil serve / npm start).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
