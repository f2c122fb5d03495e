// The command line, built with the app (`npm run build`) into build/cli.js (and the import's
// worker thread into build/import-worker.js), so that a production
// install (`npm ci --omit=dev`) runs it with plain Node: no tsx, no TypeScript at run time.
// Our code is bundled; the packages stay outside (vite's SSR build externalises node_modules) and
// are all runtime dependencies — tests/integration/cli-build.test.ts checks it.
import { defineConfig } from 'vite';

export default defineConfig({
	// No SvelteKit plugin: the CLI is plain server code (no $lib, $env or $app imports).
	publicDir: false,
	logLevel: 'warn',
	build: {
		ssr: true,
		outDir: 'build',
		// The app's build (adapter-node) is in build/ already: add to it, do not wipe it.
		emptyOutDir: false,
		target: 'node20',
		minify: false,
		sourcemap: true,
		copyPublicDir: false,
		rollupOptions: {
			// The import's reading thread (imports/reader.ts finds build/import-worker.js from the
			// app's chunks and the CLI's alike).
			input: { cli: 'src/lib/server/cli/main.ts', 'import-worker': 'src/lib/server/imports/reader-worker.ts' },
			output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'cli/[name]-[hash].js' }
		}
	}
});
