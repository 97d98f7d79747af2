import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev --workspace apps/web` serves the app with hot reload and sends API calls to a server
// started with `npm start` on port 3000.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, reportCompressedSize: true },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
