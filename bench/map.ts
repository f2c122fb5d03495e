// The map at scale: the explorer with BENCH_MAP_ACTORS (100,000) actors, read as vector tiles, in
// headless Chromium (software WebGL). Printed beside their targets (issue 20), as ratios taken in
// the same run:
// - map ready with the actor layers vs. the same page with them hidden (≤ 1.3×);
// - the page's JS heap with the actors shown (≤ 150 MB);
// - tile response times, computed (first request) and from the per-data-version cache;
// - the /api/actors/points payload (kept for exports and integrations) raw, gzip and brotli.
// PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL); BENCH_MAP_BACKENDS=postgresql,pglite adds PGlite.
// Needs `npm run build` first.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { tilesCovering } from '../src/lib/domain/actor-tiles';
import { launchBrowser } from '../tests/helpers/browser';
import { onEachScaleBackend, startScaleServer } from './scale-server';

const MOSELLE = [5.85, 48.5, 7.7, 49.55];

function quantile(values: number[], q: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
const median = (values: number[]) => quantile(values, 0.5);

/** Bytes on the wire (node:http leaves the body encoded) and time. */
function fetchRaw(url: string, headers: Record<string, string> = {}): Promise<{ ms: number; bytes: number; status: number }> {
	const start = performance.now();
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers }, (res) => {
				let bytes = 0;
				res.on('data', (c: Buffer) => (bytes += c.length));
				res.on('end', () => resolve({ ms: performance.now() - start, bytes, status: res.statusCode! }));
			})
			.on('error', reject);
	});
}

const verdict = (ok: boolean) => (ok ? 'atteint' : 'NON atteint');

export async function benchMap(
	serverUrl: string | null,
	actors = 100_000,
	backends = (process.env.BENCH_MAP_BACKENDS ?? 'postgresql').split(',')
): Promise<void> {
	await onEachScaleBackend('Carte à grande échelle', serverUrl, backends, (backend) => benchMapOn(backend, serverUrl, actors));
}

async function benchMapOn(backend: 'pglite' | 'postgresql', serverUrl: string | null, actors: number): Promise<void> {
	const { server, placed: total, loadMs, close } = await startScaleServer(backend, serverUrl, actors, 'map');
	const browser = await launchBrowser();
	try {
		// Points payload on the wire.
		const raw = await fetchRaw(`${server.url}/api/actors/points`);
		const gzip = await fetchRaw(`${server.url}/api/actors/points`, { 'accept-encoding': 'gzip' });
		const br = await fetchRaw(`${server.url}/api/actors/points`, { 'accept-encoding': 'br' });

		// Tiles: computed (first request), then from the cache.
		const tiles = [8, 10, 12].flatMap((z) => tilesCovering(z, MOSELLE).map(([x, y]) => `/tiles/actors/${z}/${x}/${y}.pbf`));
		const sample = tiles.filter((_, i) => i % Math.max(1, Math.floor(tiles.length / 60)) === 0);
		const cold: number[] = [];
		const warm: number[] = [];
		let tileBytes = 0;
		for (const url of sample) {
			const first = await fetchRaw(`${server.url}${url}`, { 'accept-encoding': 'gzip' });
			cold.push(first.ms);
			tileBytes = Math.max(tileBytes, first.bytes);
		}
		for (const url of sample) warm.push((await fetchRaw(`${server.url}${url}`, { 'accept-encoding': 'gzip' })).ms);
		const filtered: number[] = [];
		for (const url of sample.slice(0, 20))
			filtered.push((await fetchRaw(`${server.url}${url}?zone=sud&kind=structure_ess`, { 'accept-encoding': 'gzip' })).ms);

		// Map ready, actors hidden vs. shown, alternately in fresh pages (no browser cache between them).
		const readyTimes: Record<'hidden' | 'shown', number[]> = { hidden: [], shown: [] };
		let heapMb = 0;
		for (let round = 0; round < 3; round++) {
			for (const variant of ['hidden', 'shown'] as const) {
				const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
				const page = await context.newPage();
				const start = performance.now();
				await page.goto(`${server.url}/${variant === 'hidden' ? '?couches=communes,epci,zones' : ''}`);
				await page.waitForSelector('[data-map-ready="true"]', { timeout: 180_000 });
				readyTimes[variant].push(performance.now() - start);
				if (variant === 'shown') {
					const cdp = await context.newCDPSession(page);
					await cdp.send('HeapProfiler.collectGarbage');
					await cdp.send('Performance.enable');
					const { metrics } = await cdp.send('Performance.getMetrics');
					const used = metrics.find((m: { name: string }) => m.name === 'JSHeapUsedSize')?.value ?? 0;
					heapMb = Math.max(heapMb, used / 1024 / 1024);
				}
				await context.close();
			}
		}
		const hidden = median(readyTimes.hidden);
		const shown = median(readyTimes.shown);
		const ratio = shown / hidden;
		const kb = (n: number) => `${(n / 1024).toFixed(0)} Kio`;
		console.log(
			`Carte à grande échelle — ${total} acteurs placés, ${backend === 'postgresql' ? 'PostgreSQL (ST_AsMVT)' : 'PGlite (supercluster)'}, Chromium sans GPU`
		);
		console.log(`  données : ${(loadMs / 1000).toFixed(1)} s`);
		console.log(
			`  carte prête, acteurs affichés / masqués : ${(shown / 1000).toFixed(2)} s / ${(hidden / 1000).toFixed(2)} s (médianes de 3) = ${ratio.toFixed(2)}× — cible ≤ 1,3× : ${verdict(ratio <= 1.3)}`
		);
		console.log(
			`    essais affichés ${readyTimes.shown.map((t) => (t / 1000).toFixed(2)).join(', ')} s ; masqués ${readyTimes.hidden.map((t) => (t / 1000).toFixed(2)).join(', ')} s`
		);
		console.log(`  tas JS de la page, acteurs affichés : ${heapMb.toFixed(0)} Mo — cible ≤ 150 Mo : ${verdict(heapMb <= 150)}`);
		console.log(
			`  tuiles (${sample.length}, z8–12) : calculées médiane ${median(cold).toFixed(0)} ms, p95 ${quantile(cold, 0.95).toFixed(0)} ms ; en cache médiane ${median(warm).toFixed(1)} ms, p95 ${quantile(warm, 0.95).toFixed(1)} ms ; filtrées (zone Sud, structures) médiane ${median(filtered).toFixed(0)} ms ; la plus lourde ${kb(tileBytes)} gzip`
		);
		console.log(
			`  /api/actors/points : ${kb(raw.bytes)} brut, ${kb(gzip.bytes)} gzip (${(raw.bytes / gzip.bytes).toFixed(1)}× moins), ${kb(br.bytes)} brotli (${(raw.bytes / br.bytes).toFixed(1)}× moins)`
		);
	} finally {
		await browser.close();
		await close();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	await benchMap(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null, Number(process.env.BENCH_MAP_ACTORS ?? 100_000));
}
