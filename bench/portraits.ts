// Server render of a portrait on the demo data (built server, on PGlite and, when TEST_DATABASE_URL
// is set, on the PostgreSQL server): the département and an EPCI
// of Moselle Est, cold (the first request after the data changed: every figure computed) and warm
// (figures cached per territory and period until the data version moves, server-side rendering
// only); the PowerPoint export likewise. Target: warm render under 300 ms. Needs `npm run build`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Backend } from '../src/lib/server/db/client';
import { BACKENDS } from '../tests/helpers/backends';
import { startServer } from '../tests/helpers/server';

const TARGET_MS = 300;
const RUNS = 7;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

export async function benchPortraits(): Promise<void> {
	if (!fs.existsSync('build/index.js')) {
		console.log('Portraits : non mesuré (pas de build : npm run build)');
		return;
	}
	for (const backend of BACKENDS) await benchOn(backend);
}

async function benchOn(backend: Backend): Promise<void> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-bench-portraits-'));
	// A first start builds the territories and the demo, as for a new user (the server's database:
	// a new one of the test server's).
	const server = await startServer(backend, {
		...(backend === 'pglite' && { MAILLAGE_PGLITE_DIR: dir }),
		MAILLAGE_AUTH: 'off',
		MAILLAGE_DEMO: 'on'
	});
	try {
		const year = new Date().getFullYear();
		const query = `de=${year - 2}&a=${year}`;
		const timed = async (url: string) => {
			const start = performance.now();
			const response = await fetch(`${server.url}${url}`);
			if (!response.ok) throw new Error(`${url} : HTTP ${response.status}`);
			const body = await response.arrayBuffer();
			return { ms: performance.now() - start, bytes: body.byteLength };
		};
		console.log(
			`Portraits (démo, ${backend === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${year - 2}–${year}) — objectif : rendu à chaud < ${TARGET_MS} ms`
		);
		for (const [label, url] of [
			['département', `/portrait/departement/57?${query}`],
			['EPCI (CA de Forbach)', `/portrait/epci/245700372?${query}`],
			['PowerPoint du département', `/portrait/departement/57/slides.pptx?${query}`]
		] as const) {
			const cold = await timed(url);
			const warm: number[] = [];
			for (let i = 0; i < RUNS; i++) warm.push((await timed(url)).ms);
			const w = median(warm);
			console.log(
				`  ${label.padEnd(28)} à froid ${cold.ms.toFixed(0).padStart(6)} ms · à chaud ${w.toFixed(0).padStart(4)} ms (médiane de ${RUNS}) · ${(cold.bytes / 1024).toFixed(0)} Ko ${w < TARGET_MS ? '✓' : '✗'}`
			);
		}
	} finally {
		await server.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await benchPortraits();
