// Starts the built server (adapter-node). Listens on HOST:PORT (default 127.0.0.1:3000).
import fs from 'node:fs';

if (!fs.existsSync(new URL('../build/index.js', import.meta.url))) {
	console.error('Pas de build : lancez d’abord « npm run build ».');
	process.exit(1);
}
process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '3000';
// BODY_SIZE_LIMIT follows MAILLAGE_UPLOAD_MAX_MO: build/index.js sets it (svelte.config.js), so
// that `node build` behaves the same.
console.log(`[maillage] http://${process.env.HOST}:${process.env.PORT}/`);
await import('../build/index.js');
