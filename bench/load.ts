// `npm run bench:load`: the server under load (issue 20). autocannon, 50 connections for 30 s on
// each of tiles, points, search, facets, gaps and a portrait, over BENCH_LOAD_ACTORS (100,000)
// actors; each p95 is printed beside /api/health's, measured in the same run just before, with the
// target: 0 errors and every p95 ≤ 5× health's on PostgreSQL. PGlite (one process, queries run on
// the event loop) is measured too when BENCH_LOAD_BACKENDS includes it. Needs `npm run build`.
// BENCH_LOAD_SECONDS and BENCH_LOAD_CONNECTIONS change the duration and the connections.
import autocannon from 'autocannon';
import { pathToFileURL } from 'node:url';
import { quantile } from 'simple-statistics';
import { tilesCovering } from '../src/lib/domain/actor-tiles';
import { onEachScaleBackend, startScaleServer } from './scale-server';

const MOSELLE: [number, number, number, number] = [5.85, 48.5, 7.7, 49.55];
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
const TARGET_RATIO = 5;

interface LoadResult {
	requests: number;
	perSecond: number;
	p50: number;
	p95: number;
	errors: number;
	non2xx: number;
	/** The first error autocannon met (a timeout, a reset…), to say what the errors were. */
	firstError: string | null;
}

/** `paths` are requested in turn by every connection; latencies are kept to take the p95. */
async function load(base: string, paths: string[]): Promise<LoadResult> {
	const latencies: number[] = [];
	const instance = autocannon({
		url: base,
		connections: CONNECTIONS,
		duration: SECONDS,
		timeout: 30,
		headers: { 'accept-encoding': 'gzip, br' },
		requests: paths.map((path) => ({ path }))
	});
	instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
	let firstError: string | null = null;
	instance.on('reqError', (error: Error) => (firstError ??= `${error.name}: ${error.message}`));
	const result = await instance;
	return {
		requests: result.requests.total,
		perSecond: result.requests.average,
		p50: latencies.length ? quantile(latencies, 0.5) : NaN,
		p95: latencies.length ? quantile(latencies, 0.95) : NaN,
		errors: result.errors,
		non2xx: result.non2xx,
		firstError
	};
}

async function benchLoadOn(backend: 'pglite' | 'postgresql', serverUrl: string | null, actors: number): Promise<void> {
	const { server, placed, close } = await startScaleServer(backend, serverUrl, actors, 'load');
	try {
		const epci = (await (await fetch(`${server.url}/api/territories?level=epci`)).json()) as {
			features: { properties: { code: string } }[];
		};
		const tiles = [8, 10, 12].flatMap((z) => tilesCovering(z, MOSELLE).map(([x, y]) => `/tiles/actors/${z}/${x}/${y}.pbf`));
		const scenarios: [string, string[]][] = [
			['tuiles z8–12', tiles.filter((_, i) => i % Math.max(1, Math.floor(tiles.length / 40)) === 0)],
			['points', ['/api/actors/points']],
			[
				'recherche',
				['epicerie solidaire', 'sarrebourg', 'theatre', '57400', 'foyer rural', 'saint avold'].map(
					(q) => `/api/search?q=${encodeURIComponent(q)}`
				)
			],
			['facettes', ['/api/actors/facets', '/api/actors/facets?zone=sud', '/api/actors/facets?zone=est&secteur=culture']],
			['manques', ['/api/gaps?level=epci', '/api/gaps?level=epci&by=sector', '/api/gaps?level=commune']],
			['portrait', epci.features.slice(0, 3).map((f) => `/portrait/epci/${f.properties.code}`)]
		];
		// Warm the caches as a first visitor would, then the reference.
		for (const [, paths] of scenarios) for (const path of paths) await fetch(`${server.url}${path}`).then((r) => r.arrayBuffer());
		const health = await load(server.url, ['/api/health']);
		console.log(
			`Charge — ${backend === 'postgresql' ? 'PostgreSQL' : 'PGlite'}, ${placed.toLocaleString('fr-FR')} acteurs placés, ${CONNECTIONS} connexions × ${SECONDS} s par point d’accès`
		);
		const line = (label: string, r: LoadResult, ratio: string) =>
			console.log(
				`  ${label.padEnd(14)} ${r.perSecond.toFixed(0).padStart(5)} req/s, p50 ${r.p50.toFixed(0).padStart(5)} ms, p95 ${r.p95.toFixed(0).padStart(5)} ms${ratio} ; erreurs ${r.errors}${r.firstError ? ` (${r.firstError})` : ''}, non-2xx ${r.non2xx}`
			);
		line('/api/health', health, '');
		for (const [label, paths] of scenarios) {
			const r = await load(server.url, paths);
			const ratio = r.p95 / health.p95;
			const ok = ratio <= TARGET_RATIO && r.errors === 0 && r.non2xx === 0;
			line(label, r, ` = ${ratio.toFixed(1)}× health (cible ≤ ${TARGET_RATIO}× et 0 erreur : ${ok ? 'atteinte' : 'NON atteinte'})`);
		}
	} finally {
		await close();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? null;
	const actors = Number(process.env.BENCH_LOAD_ACTORS ?? 100_000);
	const backends = (process.env.BENCH_LOAD_BACKENDS ?? 'postgresql,pglite').split(',');
	await onEachScaleBackend('Charge', serverUrl, backends, (backend) => benchLoadOn(backend, serverUrl, actors));
}
