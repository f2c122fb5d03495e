// Starts the built server (adapter-node). Listens on HOST:PORT (default 127.0.0.1:3000).
import fs from 'node:fs';

if (!fs.existsSync(new URL('../build/index.js', import.meta.url))) {
	console.error('Pas de build : lancez d’abord « npm run build ».');
	process.exit(1);
}
process.env.HOST ??= '127.0.0.1';
process.env.PORT ??= '3000';
// Uploads are checked against MAILLAGE_UPLOAD_MAX_MO (50 Mo) by the app, which says so in French.
process.env.BODY_SIZE_LIMIT ??= '60M';
console.log(`[maillage] http://${process.env.HOST}:${process.env.PORT}/`);
await import('../build/index.js');
