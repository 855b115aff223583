import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { defineConfig } from 'vite';

const backend = `http://127.0.0.1:${process.env.TICKSTREAM_DEV_API_PORT ?? '3000'}`;

export default defineConfig({
  plugins: [sveltekit({ adapter: adapter() })],
  server: {
    // `npm run dev`: the page hot-reloads here, the API and live stream come from `npm start`'s server.
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/ws': { target: backend.replace('http', 'ws'), ws: true },
      '/metrics': backend,
    },
  },
});
