import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";

const backend = "http://127.0.0.1:8000";
const outDir = fileURLToPath(new URL("../backend/neurona/static", import.meta.url));

/** emptyOutDir wipes the folder, including the tracked placeholder that keeps it in git: put it back. */
function keepPlaceholder(): Plugin {
  return {
    name: "neurona-keep-gitkeep",
    apply: "build",
    closeBundle() {
      writeFileSync(resolve(outDir, ".gitkeep"), "");
    },
  };
}

export default defineConfig({
  plugins: [react(), keepPlaceholder()],
  base: "/",
  build: {
    // The Python package serves the built app, so it is built straight into its static folder.
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      "/api": backend,
      "/healthz": backend,
      "/ws": { target: backend, ws: true },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
