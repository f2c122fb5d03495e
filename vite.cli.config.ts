// The command line, built with the app (`npm run build`) into build/cli.js, so that a production
// install (`npm ci --omit=dev`) runs it with plain Node: no tsx, no TypeScript at run time.
// Our code is bundled; the packages stay outside (vite's SSR build externalises node_modules) and
// are all runtime dependencies — tests/integration/cli-build.test.ts checks it.
import { defineConfig } from 'vite';

export default defineConfig({
	// No SvelteKit plugin: the CLI is plain server code (no $lib, $env or $app imports).
	publicDir: false,
	logLevel: 'warn',
	build: {
		ssr: 'src/lib/server/cli/main.ts',
		outDir: 'build',
		// The app's build (adapter-node) is in build/ already: add to it, do not wipe it.
		emptyOutDir: false,
		target: 'node20',
		minify: false,
		sourcemap: true,
		copyPublicDir: false,
		rollupOptions: {
			output: { format: 'es', entryFileNames: 'cli.js', chunkFileNames: 'cli/[name]-[hash].js' }
		}
	}
});
