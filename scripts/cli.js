// `npm run cli -- <commande>`: the command line built with the app (build/cli.js, plain Node, what
// a production install runs). Without a build, a development checkout runs the sources through
// tsx (`npm run cli:dev` always does).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../build/cli.js', import.meta.url);
if (fs.existsSync(built)) {
	await import(built.href);
} else {
	let tsx = null;
	try {
		tsx = import.meta.resolve('tsx');
	} catch {
		// a production install: no tsx
	}
	if (!tsx) {
		console.error('Pas de build/cli.js : lancez d’abord « npm run build ».');
		process.exit(1);
	}
	const source = fileURLToPath(new URL('../src/lib/server/cli/main.ts', import.meta.url));
	const run = spawnSync(process.execPath, ['--import', 'tsx', source, ...process.argv.slice(2)], { stdio: 'inherit' });
	process.exit(run.status ?? 1);
}
