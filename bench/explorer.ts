// The explorer with 20,000 actors in headless Chromium (software WebGL, 2 cores): time to first
// render, API times, and frame times while panning and zooming. Needs `npm run build` first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readConfig } from '../src/lib/server/config';
import { prepareDatabase } from '../src/lib/server/db/index';
import { loadDemo } from '../src/lib/server/demo/load';
import { launchBrowser } from '../tests/helpers/browser';
import { startServer } from '../tests/helpers/server';

const mirror = process.env.MAILLAGE_DATA_MIRROR ?? path.resolve('..', 'shared', 'geo');

function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export async function benchExplorer(structures = 20_000): Promise<void> {
	if (!fs.existsSync('build/index.js')) {
		console.log('Explorateur : non mesuré (pas de build : npm run build)');
		return;
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-bench-explorer-'));
	const config = { ...readConfig({ MAILLAGE_DATA_MIRROR: mirror }), pgliteDir: dir, databaseUrl: null };
	process.env.MAILLAGE_DEMO = 'off';
	const handle = await prepareDatabase(config, () => {});
	const t0 = performance.now();
	const demo = await loadDemo(handle.db, config.departement, new Date(), 57, { structures, initiatives: 300, accompaniments: 2000 });
	const loadMs = performance.now() - t0;
	const total = Number(
		(
			await handle.db
				.selectFrom('actor')
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
	await handle.close();

	const server = await startServer('pglite', { MAILLAGE_PGLITE_DIR: dir, MAILLAGE_AUTH: 'off' });
	const browser = await launchBrowser();
	try {
		const timed = async (url: string) => {
			const start = performance.now();
			const response = await fetch(`${server.url}${url}`);
			const body = await response.arrayBuffer();
			return { ms: performance.now() - start, bytes: body.byteLength };
		};
		await timed('/api/actors/points'); // warm-up
		const points = await timed('/api/actors/points');
		const pointsSud = await timed('/api/actors/points?zone=sud&kind=structure_ess');
		const facets = await timed('/api/actors/facets');
		const searches = [];
		for (const q of ['epicrie solidaire', 'sarrebourg', 'theatre', '57400', 'foyer rural'])
			searches.push((await (await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`)).json()).ms as number);

		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		const start = performance.now();
		await page.goto(server.url);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 120_000 });
		const firstRender = performance.now() - start;

		// Frame intervals while the map pans and zooms for a few seconds.
		// Plain JavaScript text: tsx would otherwise wrap functions with helpers the page lacks.
		const frames: number[] = await page.evaluate(`(async () => {
			const map = window.maillageMap;
			const intervals = [];
			let last = performance.now();
			let running = true;
			const tick = (now) => { intervals.push(now - last); last = now; if (running) requestAnimationFrame(tick); };
			requestAnimationFrame(tick);
			const moves = [[6.6, 49.1, 9], [7.0, 48.8, 10], [6.2, 49.3, 11], [6.9, 49.0, 8.5], [6.17, 49.12, 12]];
			for (const [lng, lat, zoom] of moves) {
				map.easeTo({ center: [lng, lat], zoom, duration: 800 });
				await new Promise((r) => setTimeout(r, 850));
			}
			running = false;
			return intervals.slice(1);
		})()`);
		console.log(`Explorateur — ${total} acteurs (${demo.actors} de démonstration + collectivités), PGlite, Chromium sans GPU`);
		console.log(`  chargement des données de test : ${(loadMs / 1000).toFixed(1)} s`);
		console.log(
			`  /api/actors/points : ${points.ms.toFixed(0)} ms, ${(points.bytes / 1024).toFixed(0)} Kio ; zone Sud : ${pointsSud.ms.toFixed(0)} ms`
		);
		console.log(`  /api/actors/facets : ${facets.ms.toFixed(0)} ms`);
		console.log(
			`  /api/search (temps serveur) : médiane ${quantile(searches, 0.5).toFixed(1)} ms, max ${Math.max(...searches).toFixed(1)} ms`
		);
		console.log(`  premier rendu complet de la carte : ${(firstRender / 1000).toFixed(2)} s`);
		console.log(
			`  images pendant déplacements/zooms : ${frames.length}, intervalle médian ${quantile(frames, 0.5).toFixed(1)} ms, p95 ${quantile(frames, 0.95).toFixed(1)} ms`
		);
	} finally {
		await browser.close();
		await server.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	await benchExplorer(Number(process.env.BENCH_ACTORS ?? 20_000));
}
