// Says plainly which database backends the suite runs against, and builds the app once for the
// tests that drive the real server (API and browser tests).
import { execFileSync } from 'node:child_process';

// Each test project (unit-integration, browser) runs the global setup; all run in vitest's main
// process, so the first one builds and says so, and the others find it done.
const state = globalThis as typeof globalThis & { maillageSetupDone?: boolean };

export default function setup() {
	if (state.maillageSetupDone) return;
	state.maillageSetupDone = true;
	const server = process.env.TEST_DATABASE_URL;
	if (server) {
		console.log(`[maillage] backends: PGlite (embedded) + PostgreSQL server (${server.replace(/:[^:@/]*@/, ':***@')})`);
	} else {
		console.log('[maillage] backends: PGlite (embedded) only — PostgreSQL server suite SKIPPED (TEST_DATABASE_URL not set)');
	}
	if (process.env.MAILLAGE_SKIP_BUILD === '1') {
		console.log('[maillage] build skipped (MAILLAGE_SKIP_BUILD=1): server and browser tests use the existing build/');
		return;
	}
	const t0 = Date.now();
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
	// The command line, as `npm run build` makes it (build/cli.js), after the app's build which empties build/.
	execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.cli.config.ts', '--logLevel', 'error'], { stdio: 'inherit' });
	console.log(`[maillage] app built for the server tests in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
