import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// `npm run dev` proxies the API to a `motcua serve` on :8080, so pages hot-reload while
// talking to the real server.
export default defineConfig({
  plugins: [svelte()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2020" },
  server: {
    proxy: { "/api": { target: "http://127.0.0.1:8080", changeOrigin: true } },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
