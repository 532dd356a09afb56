// Builds the browser app into dist/web, which the API serves (apps/api/src/web). Vite 8 transforms JSX itself (oxc),
// so no React plugin is needed; there is no fast refresh in `vite dev`, a full reload instead.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * Writes a Brotli and a gzip copy beside each text asset, which the API sends to browsers that accept them: antd makes
 * the bundle about 1.3 MB, a third of that gzipped and less with Brotli, which matters on a phone in a village.
 */
function precompress(): Plugin {
  return {
    name: 'lianluo-precompress',
    apply: 'build',
    writeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets)) {
        if (!/\.(js|css|svg|json)$/.test(name)) continue;
        const content = readFileSync(join(assets, name));
        if (content.length < 1024) continue;
        writeFileSync(join(assets, `${name}.gz`), gzipSync(content, { level: 9 }));
        writeFileSync(
          join(assets, `${name}.br`),
          brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } }),
        );
      }
    },
  };
}
const api = process.env.LIANLUO_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // antd and React are most of the weight: one vendor chunk that changes only when they are upgraded. ECharts is
    // its own chunk, loaded with the dashboard (the one screen with charts).
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'charts',
              test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor)[\\/]/,
              priority: 2,
            },
            { name: 'vendor', test: /node_modules/, priority: 1 },
          ],
        },
      },
      onwarn(warning, warn) {
        // antd marks its modules "use client" for React Server Components; meaningless in a browser bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite --config apps/web/vite.config.mts` while `npm start` runs the API.
    proxy: { '/api': api, '/health': api, '/reply': api, '/dev/mail': api },
  },
});
