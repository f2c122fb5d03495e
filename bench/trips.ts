// Trip optimiser: time to order 10, 50 and 100 stops spread over Moselle (target for 100: < 1 s), the length of the tours
// found, and how far the heuristic lands from the exact optimum on 12 stops; then realistic days (issue 18): held
// instances of clustered structures 60–90 km from the base, visits planned per day against an upper bound, idle
// minutes, driving share, and the case replayed. `npx tsx bench/trips.ts` runs it alone; `npm run bench`
// runs it with the others.
import { median } from 'simple-statistics';
import { pathToFileURL } from 'node:url';
import {
	buildTravelMatrix,
	COJEP_OFFICE,
	DEFAULT_DAY,
	parseClock,
	exactOrder,
	heuristicOrder,
	mulberry32,
	optimizeOrder,
	planTrip,
	routeCost,
	type LonLat,
	type RouteProblem,
	type TravelMatrix,
	type TripPlan,
	type TripRequestInput
} from '../src/lib/domain/trips/index';

const RUNS = 5;
const GAP_INSTANCES = 30;
const TARGET_100_MS = 1000;

function moselleTour(random: () => number, count: number): { problem: RouteProblem; matrix: TravelMatrix } {
	const stops = Array.from({ length: count }, (): LonLat => [5.89 + random() * 1.75, 48.53 + random() * 0.99]);
	const matrix = buildTravelMatrix([COJEP_OFFICE, ...stops, COJEP_OFFICE]);
	return { problem: { cost: matrix.min, start: 0, end: count + 1, stops: stops.map((_, i) => i + 1) }, matrix };
}

function timed<T>(work: () => T): { value: T; ms: number } {
	const began = performance.now();
	const value = work();
	return { value, ms: performance.now() - began };
}

export async function benchTrips(): Promise<void> {
	const random = mulberry32(2024);
	console.log(`Tournées — ordre optimisé (départ et retour COJEP, arrêts au hasard en Moselle, médiane de ${RUNS} tirages)`);
	for (const count of [10, 50, 100]) {
		const runs = Array.from({ length: RUNS }, () => {
			const { problem, matrix } = moselleTour(random, count);
			const { value: order, ms } = timed(() => optimizeOrder(problem));
			return { ms, km: routeCost({ ...problem, cost: matrix.km }, order), min: routeCost(problem, order) };
		});
		const ms = median(runs.map((r) => r.ms));
		const km = median(runs.map((r) => r.km));
		const min = median(runs.map((r) => r.min));
		// The officer waits for it on the trip page: 100 stops in under a second.
		const target = count === 100 ? ` — cible < ${TARGET_100_MS} ms ${ms < TARGET_100_MS ? '✓' : '✗ DÉPASSÉE'}` : '';
		console.log(
			`  ${String(count).padStart(3)} arrêts : ${ms.toFixed(1)} ms (max ${Math.max(...runs.map((r) => r.ms)).toFixed(1)} ms), ${km.toFixed(0)} km, ${(min / 60).toFixed(1)} h de route${target}`
		);
	}

	const gaps: number[] = [];
	const exactMs: number[] = [];
	const heuristicMs: number[] = [];
	for (let i = 0; i < GAP_INSTANCES; i++) {
		const { problem } = moselleTour(random, 12);
		const exact = timed(() => exactOrder(problem));
		const heuristic = timed(() => heuristicOrder(problem));
		exactMs.push(exact.ms);
		heuristicMs.push(heuristic.ms);
		gaps.push(routeCost(problem, heuristic.value) / routeCost(problem, exact.value) - 1);
	}
	const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
	console.log(
		`  12 arrêts, heuristique contre optimum exact (Held–Karp) sur ${GAP_INSTANCES} tirages : écart moyen ${(meanGap * 100).toFixed(3)} %, max ${(Math.max(...gaps) * 100).toFixed(3)} % ; ` +
			`${median(heuristicMs).toFixed(1)} ms contre ${median(exactMs).toFixed(1)} ms (médianes)`
	);

	const stops = Array.from({ length: 30 }, (_, i) => ({ id: `s${i}`, lon: 5.89 + random() * 1.75, lat: 48.53 + random() * 0.99 }));
	const { value: plan, ms } = timed(() => planTrip({ stops, days: 10 }));
	console.log(
		`  planTrip, 30 visites d’une heure sur 10 jours au plus : ${ms.toFixed(0)} ms, ${plan.days.length} jours, ${plan.total_km} km, ${plan.unplanned.length} non planifiée(s)`
	);
}

/** A point `km` kilometres from `from` on `bearingDeg` (flat-earth: fine at the scale of a département). */
function offset(from: LonLat, km: number, bearingDeg: number): LonLat {
	const rad = (bearingDeg * Math.PI) / 180;
	const dLat = (km * Math.cos(rad)) / 111.2;
	const dLon = (km * Math.sin(rad)) / (111.2 * Math.cos((from[1] * Math.PI) / 180));
	return [from[0] + dLon, from[1] + dLat];
}

const VISIT_MIN = 60;

/**
 * A held instance: 20–40 structures in 1–4 towns (2 km around each town centre), the towns 60–90 km
 * from the base in one direction and within 15 km of each other; a fifth of the structures open only
 * in the afternoon (14:00–17:30) or the morning (09:00–12:30); 1–3 days.
 */
function clusteredInstance(random: () => number): TripRequestInput {
	const direction = random() * 360;
	const centre = offset(COJEP_OFFICE, 60 + random() * 30, direction);
	const towns = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, t) =>
		t === 0 ? centre : offset(centre, 4 + random() * 11, random() * 360)
	);
	const count = 20 + Math.floor(random() * 21);
	const stops = Array.from({ length: count }, (_, i) => {
		const [lon, lat] = offset(towns[i % towns.length], random() * 2, random() * 360);
		const hours = random();
		const window = hours < 0.1 ? (['14:00', '17:30'] as [string, string]) : hours < 0.2 ? (['09:00', '12:30'] as [string, string]) : null;
		return { id: `s${i}`, lon, lat, duration_min: VISIT_MIN, window };
	});
	return { stops, days: 1 + Math.floor(random() * 3) };
}

/**
 * The upper bound on visits per day for one-hour visits from the base (stated in the report):
 *   k ≤ ⌊(L − D − T_out − T_back + δ) / (V + δ)⌋
 * where L is the day's length (09:00–17:30: 510 min), D the lunch break (60 min), V the visit (60 min),
 * T_out and T_back the shortest drives from the base to a stop and back, and δ the shortest drive
 * between two distinct stops (0 when two share an address): k visits need k·V of visiting, at least
 * T_out + T_back to get out and home, and at least (k − 1)·δ between visits. Over the trip the bound
 * is min(stops, days × k).
 */
function visitBound(request: TripRequestInput): { perDay: number; total: number } {
	const points: LonLat[] = [COJEP_OFFICE, ...request.stops.map((s): LonLat => [s.lon, s.lat])];
	const { min } = buildTravelMatrix(points);
	const n = request.stops.length;
	let out = Infinity;
	let back = Infinity;
	let between = Infinity;
	for (let i = 1; i <= n; i++) {
		out = Math.min(out, min[0][i]);
		back = Math.min(back, min[i][0]);
		for (let j = 1; j <= n; j++) if (i !== j) between = Math.min(between, min[i][j]);
	}
	const length = (parseClock(DEFAULT_DAY.end) ?? 0) - (parseClock(DEFAULT_DAY.start) ?? 0);
	const perDay = Math.max(0, Math.floor((length - DEFAULT_DAY.lunch_min - out - back + between) / (VISIT_MIN + between)));
	return { perDay, total: Math.min(n, (request.days ?? 1) * perDay) };
}

/** Waits longer than 15 min that the lunch break could have filled: the wait overlaps the lunch window while lunch is elsewhere. */
function removableWaits(plan: TripPlan): number {
	const [from, to] = DEFAULT_DAY.lunch.map((c) => parseClock(c) ?? 0);
	let count = 0;
	for (const visit of plan.schedule) {
		if (visit.wait_min <= 15) continue;
		const day = plan.days.find((d) => d.day === visit.day)!;
		const start = parseClock(visit.arrive) ?? 0;
		const overlap = Math.min(start, to) - Math.max(start - visit.wait_min, from);
		if (overlap > 15 && day.lunch?.before !== visit.id) count++;
	}
	return count;
}

function dayFigures(plan: TripPlan) {
	const span = plan.days.reduce((sum, d) => sum + ((parseClock(d.back) ?? 0) - (parseClock(d.depart) ?? 0)), 0);
	return {
		visits: plan.schedule.length,
		days: plan.days.length,
		idle: plan.schedule.reduce((sum, v) => sum + v.wait_min, 0),
		maxWait: Math.max(0, ...plan.schedule.map((v) => v.wait_min)),
		driveShare: span > 0 ? plan.total_min / span : 0,
		removable: removableWaits(plan)
	};
}

const INSTANCES = 12;
const TARGET_OF_BOUND = 0.9;

/** Sarreguemines and the communes of the CA Sarreguemines Confluences around it (town centres). */
const CASC_TOWNS: [string, LonLat, number][] = [
	['Sarreguemines', [7.068, 49.11], 10],
	['Grosbliederstroff', [7.024, 49.157], 3],
	['Woustviller', [7.006, 49.077], 3],
	['Hambach', [7.035, 49.06], 3],
	['Rémelfing', [7.086, 49.093], 2],
	['Sarralbe', [7.026, 48.998], 3],
	['Rouhling', [7.004, 49.135], 3]
];

export function benchTripDays(): void {
	const random = mulberry32(1818);
	console.log(
		`Tournées — journées réalistes (${INSTANCES} instances tenues : 20–40 structures regroupées à 60–90 km de Metz, 1–3 jours, visites d’1 h)`
	);
	console.log(
		'  borne par jour : k ≤ ⌊(L − D − T_aller − T_retour + δ) / (V + δ)⌋, L = 510 min, D = 60, V = 60, δ = plus court trajet entre deux structures'
	);
	let planned = 0;
	let bounded = 0;
	let removable = 0;
	for (let i = 0; i < INSTANCES; i++) {
		const request = clusteredInstance(random);
		const bound = visitBound(request);
		const { value: plan, ms } = timed(() => planTrip(request));
		const f = dayFigures(plan);
		planned += f.visits;
		bounded += bound.total;
		removable += f.removable;
		console.log(
			`  #${String(i + 1).padStart(2)} ${String(request.stops.length).padStart(2)} structures, ${request.days} j : ${f.visits} visites (${(f.visits / Math.max(1, f.days)).toFixed(1)}/jour, borne ${bound.total} = ${bound.perDay}/jour, ${((f.visits / bound.total) * 100).toFixed(0)} %), attente ${f.idle} min (max ${f.maxWait}), route ${(f.driveShare * 100).toFixed(0)} % de la journée, ${ms.toFixed(0)} ms`
		);
	}
	const share = planned / bounded;
	console.log(
		`  total : ${planned} visites pour une borne de ${bounded} : ${(share * 100).toFixed(1)} % — cible ≥ ${TARGET_OF_BOUND * 100} % ${share >= TARGET_OF_BOUND ? '✓' : '✗ MANQUÉE'} ; attentes > 15 min qu’un autre horaire de déjeuner supprimerait : ${removable} ${removable === 0 ? '✓' : '✗'}`
	);

	// The case: 27 never-accompanied sport structures of the CA Sarreguemines Confluences, 3 days from Metz.
	const caseRandom = mulberry32(27);
	const stops = CASC_TOWNS.flatMap(([name, centre, count]) =>
		Array.from({ length: count }, (_, i) => {
			const [lon, lat] = offset(centre, caseRandom() * 1.5, caseRandom() * 360);
			return { id: `${name}-${i}`, lon, lat, duration_min: VISIT_MIN };
		})
	);
	const request: TripRequestInput = { stops, days: 3 };
	const home = dayFigures(planTrip(request));
	const away = planTrip({ ...request, overnight: { places: CASC_TOWNS.map(([label, [lon, lat]]) => ({ label, lon, lat })) } });
	const awayFigures = dayFigures(away);
	const bound = visitBound(request);
	console.log(
		`  cas de l’issue (27 clubs sportifs de la CA Sarreguemines Confluences, 3 jours depuis Metz) : retour chaque soir ${home.visits} visites (${(home.visits / home.days).toFixed(1)}/jour, borne ${bound.perDay}/jour), attente ${home.idle} min, route ${(home.driveShare * 100).toFixed(0)} % ; ` +
			`nuits sur place (${away.days
				.slice(0, -1)
				.map((d) => d.night?.label)
				.join(
					', '
				)}) ${awayFigures.visits} visites (${(awayFigures.visits / awayFigures.days).toFixed(1)}/jour), ${away.total_km} km contre ${away.overnight?.without.km} km — cible 4–5/jour ${home.visits / home.days >= 4 ? '✓' : '✗'}`
	);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	await benchTrips();
	benchTripDays();
}
