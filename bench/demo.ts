// Demo generator: time to generate the demo territory of the real Moselle (725 communes, ≈2,500
// structures, 450 accompaniments). Target: well under 2 s. `npx tsx bench/demo.ts` runs it alone;
// `npm run bench` runs it with the others.
import { median } from 'simple-statistics';
import { pathToFileURL } from 'node:url';
import { generateDemo } from '../src/lib/domain/demo/generate';
import { moselleDemoInput } from '../tests/fixtures/moselle-demo';

const RUNS = 5;
const TARGET_MS = 2000;

export async function benchDemo(): Promise<void> {
	const input = moselleDemoInput(new Date('2026-11-28T00:00:00Z'));
	const runs = Array.from({ length: RUNS }, () => {
		const began = performance.now();
		const demo = generateDemo(input, 57);
		return { ms: performance.now() - began, actors: demo.actors.length, accompaniments: demo.accompaniments.length };
	});
	const ms = median(runs.map((r) => r.ms));
	console.log(`Démo — génération pour la Moselle (${input.communes.length} communes, médiane de ${RUNS} tirages)`);
	console.log(
		`  ${runs[0].actors} acteurs, ${runs[0].accompaniments} accompagnements : ${ms.toFixed(0)} ms (max ${Math.max(...runs.map((r) => r.ms)).toFixed(0)} ms) — cible < ${TARGET_MS} ms ${ms < TARGET_MS ? '✓' : '✗ DÉPASSÉE'}`
	);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	await benchDemo();
}
