import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { fs: { allow: ['data'] } },
	test: {
		testTimeout: 60_000,
		// A first file may wait for the run's build and seeded databases (tests/global-setup.ts).
		hookTimeout: 600_000,
		globalSetup: ['tests/global-setup.ts'],
		// PGlite with PostGIS is CPU-heavy, and a browser test runs a server, Chromium and its
		// database: on a 2-core machine the unit and integration files run two at a time, then
		// the browser files one at a time (a later group starts when the earlier one is done).
		projects: [
			{
				extends: true,
				test: {
					name: 'unit-integration',
					include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
					maxWorkers: 2,
					sequence: { groupOrder: 0 }
				}
			},
			{
				extends: true,
				// Each step of a browser test has its own limit (login 90 s, map ready 60 s…); the
				// test's own limit must leave room for them on a loaded machine. One worker without
				// isolation runs the browser files one after the other, so that they share one
				// server per backend and one Chromium (tests/helpers/session.ts).
				test: {
					name: 'browser',
					include: ['tests/browser/**/*.test.ts'],
					maxWorkers: 1,
					isolate: false,
					testTimeout: 180_000,
					// A page answering after a save on a loaded 2-core machine takes seconds, not
					// vitest's default second: what a poll waits for must come within 10 s.
					expect: { poll: { timeout: 10_000 } },
					sequence: { groupOrder: 1 }
				}
			}
		]
	}
});
