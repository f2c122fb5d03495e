import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { fs: { allow: ['data'] } },
	test: {
		include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
		// PGlite with PostGIS is CPU-heavy: a few files at a time on a 2-core machine.
		maxWorkers: 2,
		testTimeout: 60_000,
		hookTimeout: 180_000,
		globalSetup: ['tests/global-setup.ts']
	}
});
