// A prospecting trip from a request: which structures on which day, in which order, at what time.
// Points are numbered 0 (start), 1…n (the stops, in request order) and n+1 (end) throughout; the
// optimiser and the scheduler only see those numbers and a matrix of minutes.
import { DEFAULT_VISIT_MIN, type LonLat } from './defaults';
import { buildTravelMatrix, matrixProblem, type DistanceOptions, type TravelMatrix } from './distance';
import type { OptimizeOptions } from './optimize';
import {
	betterDay,
	dayCapacity,
	earliestStart,
	fitDay,
	insertStops,
	polishDay,
	relocateStops,
	scheduleDay,
	tieBreakCost,
	type DayContext,
	type DaySchedule,
	type DayWindow,
	type VisitRule
} from './schedule';
import { fieldErrors, tripRequestSchema, type FieldError, type TripRequest, type TripRequestInput } from './schema';
import { bearingsFrom, splitByWeight, sweepRotations } from './split';
import { ceilMinute, formatClock, parseClock } from './time';

export interface TripPlanOptions {
	/**
	 * Travel between the points from elsewhere (a routing service), in the order start, the stops
	 * as in the request, end (the start again when the request has no end). Replaces the estimate.
	 */
	matrix?: TravelMatrix;
	/** Speeds of the estimate (the detour factor comes from the request). */
	distance?: Omit<DistanceOptions, 'detourFactor'>;
	optimize?: OptimizeOptions;
	/** Sweep rotations tried for a multi-day trip (default 3): more tries, better split, slower. */
	sweepTries?: number;
}

export interface TripLeg {
	/** A stop id, or "start" / "end" for the base. */
	from: string;
	to: string;
	km: number;
	min: number;
}

export interface TripVisit {
	id: string;
	/** When the visit begins (the officer may arrive a little earlier: see `wait_min`). */
	arrive: string;
	leave: string;
	day: number;
	/** Minutes waited doing nothing between the car's arrival and the visit (an opening); lunch excluded. */
	wait_min: number;
}

/** Where lunch falls in a day: before the visit `before` (or the way back: "end"). */
export interface TripLunch {
	start: string;
	end: string;
	/** A stop id, or "end" for the way back. */
	before: string;
	/** Taken during the drive (a stop on the way) rather than at the structure. */
	en_route: boolean;
	/** Taken at the start or end point, outside the outing. */
	at_base: boolean;
}

export interface TripDay {
	day: number;
	order: string[];
	legs: TripLeg[];
	total_km: number;
	/** Minutes at the wheel. */
	total_min: number;
	depart: string;
	back: string;
	lunch: TripLunch | null;
	/** Where the officer sleeps after this day, when the trip stays in the area; null: home. */
	night: { label: string; lon: number; lat: number } | null;
	/** The road line of the day from a routing service (GeoJSON coordinates); absent: straight legs. */
	geometry?: [number, number][] | null;
}

/** How the times of a plan were obtained: a routing service, or the estimate (and why, if a service failed). */
export interface TripRouting {
	source: 'service' | 'estimate';
	problem: string | null;
}

/** What a plan costs: visits planned, road kilometres, minutes at the wheel, nights away. */
export interface TripTotals {
	visits: number;
	km: number;
	drive_min: number;
	nights: number;
}

export interface UnplannedStop {
	id: string;
	reason: string;
}

export interface TripPlan {
	order: string[];
	legs: TripLeg[];
	total_km: number;
	/** Minutes at the wheel over all days (visits not included). */
	total_min: number;
	schedule: TripVisit[];
	days: TripDay[];
	unplanned: string[];
	/** Why each unplanned stop is so, in words the officer can act on. */
	unplanned_reasons: UnplannedStop[];
	/**
	 * When overnight places were offered: the trip sleeping in the area against coming home every
	 * evening, and which of the two the plan is (`chosen`: sleeping away plans more visits, or as
	 * many with less driving).
	 */
	overnight: { chosen: boolean; with: TripTotals; without: TripTotals } | null;
	/** Set by the server that planned it; absent: the estimate. */
	routing?: TripRouting;
}

/** A request that does not pass the schema: the endpoint turns it into a 400 with `errors`. */
export class TripRequestError extends Error {
	readonly errors: FieldError[];
	constructor(errors: FieldError[]) {
		super(`requête de tournée invalide : ${errors.map((e) => (e.field ? `${e.field} : ${e.message}` : e.message)).join(' ; ')}`);
		this.name = 'TripRequestError';
		this.errors = errors;
	}
}

/** Days that split the trip, and the stops no day could take. */
interface DaysResult {
	days: DaySchedule[];
	left: number[];
}

function checkedRequest(input: TripRequestInput): TripRequest {
	const parsed = tripRequestSchema.safeParse(input);
	if (!parsed.success) throw new TripRequestError(fieldErrors(parsed.error));
	return parsed.data;
}

function pointsOf(request: TripRequest): LonLat[] {
	return [
		request.start,
		...request.stops.map((s): LonLat => [s.lon, s.lat]),
		request.end ?? request.start,
		...(request.overnight?.places ?? []).map((p): LonLat => [p.lon, p.lat])
	];
}

/**
 * The points of a request in the order a matrix from a routing service must follow: start, the
 * stops as in the request, end (the start again when none), then the overnight places.
 */
export function requestPoints(input: TripRequestInput): LonLat[] {
	return pointsOf(checkedRequest(input));
}

/** The points a planned day drives through, in order (for a route line from a routing service). */
export function dayPath(input: TripRequestInput, day: Pick<TripDay, 'legs'>): LonLat[] {
	const request = checkedRequest(input);
	const points = pointsOf(request);
	const n = request.stops.length;
	const pointOf = new Map<string, LonLat>([
		['start', points[0]],
		['end', points[n + 1]],
		...request.stops.map((stop, i): [string, LonLat] => [stop.id, points[i + 1]]),
		...(request.overnight?.places ?? []).map((_, k): [string, LonLat] => [`nuit:${k}`, points[n + 2 + k]])
	]);
	const ids = day.legs.length ? [day.legs[0].from, ...day.legs.map((leg) => leg.to)] : [];
	return ids.map((id) => pointOf.get(id)).filter((p): p is LonLat => p !== undefined);
}

/** The checked request, its points (start, stops, end, then the overnight places), travel matrix
 * and day rules: what planning and re-timing both start from. An unchecked request cannot slip through. */
function prepareTrip(input: TripRequestInput, options: Pick<TripPlanOptions, 'matrix' | 'distance'>, caller: string) {
	const request = checkedRequest(input);
	const points = pointsOf(request);
	const matrix = options.matrix ?? buildTravelMatrix(points, { ...options.distance, detourFactor: request.detour_factor });
	const problem = matrixProblem(matrix, points.length);
	if (problem) throw new RangeError(`${caller} : ${problem}`);
	const context: DayContext = {
		minutes: matrix.min,
		cost: tieBreakCost(matrix.min, matrix.km),
		start: 0,
		end: request.stops.length + 1,
		rules: visitRules(request),
		day: dayWindow(request)
	};
	return { request, points, matrix, context };
}

/** Day `d`'s context when the officer sleeps at `nights[d - 1]` before it and `nights[d]` after it. */
function withNights(context: DayContext, nights: readonly number[]): ContextOf {
	return (d) => ({ ...context, start: d > 0 ? (nights[d - 1] ?? context.start) : context.start, end: nights[d] ?? context.end });
}

/**
 * For each night between two planned days, the place (a point index) that makes the evening drive
 * from the day's last visit and the morning drive to the next day's first visit shortest.
 */
function chooseNights(days: readonly DaySchedule[], places: readonly number[], context: DayContext): number[] {
	const nights: number[] = [];
	for (let d = 0; d + 1 < days.length; d++) {
		const evening = days[d].order[days[d].order.length - 1];
		const morning = days[d + 1].order[0];
		let best = places[0];
		let bestCost = Infinity;
		for (const place of places) {
			const cost = context.minutes[evening][place] + context.minutes[place][morning];
			if (cost < bestCost - 1e-9) [best, bestCost] = [place, cost];
		}
		nights.push(best);
	}
	return nights;
}

/** Plans the trip of a request (checked here again: an unchecked request cannot slip through). */
export function planTrip(input: TripRequestInput, options: TripPlanOptions = {}): TripPlan {
	const { request, points, matrix, context } = prepareTrip(input, options, 'planTrip');

	const stops = request.stops.map((_, i) => i + 1);
	const reasons = new Map<number, string>();
	for (const point of stops) {
		const reason = whyNeverServed(point, context);
		if (reason) reasons.set(point, reason);
	}
	const servable = stops.filter((point) => !reasons.has(point));
	const home = () => context;
	const result = servable.length === 0 ? { days: [], left: [] } : planDays(servable, points, home, request.days, options);
	const places = (request.overnight?.places ?? []).map((_, i) => request.stops.length + 2 + i);
	const describe = (chosen: DaysResult, contextOf: ContextOf, nights: readonly number[]) => {
		const why = new Map(reasons);
		for (const point of chosen.left) {
			why.set(
				point,
				`plus de place dans ${request.days === 1 ? 'la journée' : `les ${request.days} jours`} : ajoutez un jour ou raccourcissez des visites`
			);
		}
		const unplanned = stops.filter((point) => why.has(point));
		return describePlan(request, matrix, contextOf, chosen.days, unplanned, why, nights);
	};
	const atHome = describe(result, home, []);
	if (places.length === 0 || request.days === 1 || servable.length === 0) return atHome;

	// Sleeping in the area: nights next to where the days end and begin, then the days planned
	// again from and to them (the time saved on the road holds more visits); twice, since the
	// nights follow the days and the days the nights.
	let nights = chooseNights(result.days, places, context);
	let away = result;
	for (let round = 0; round < 2; round++) {
		away = planDays(servable, points, withNights(context, nights), request.days, options);
		// The last day goes home: a night is only between two days actually planned.
		nights = chooseNights(away.days, places, context);
	}
	away = refit(away, withNights(context, nights), options);
	const overnight = describe(away, withNights(context, nights), nights);
	const summary = (plan: TripPlan, count: number) => ({
		visits: plan.schedule.length,
		km: plan.total_km,
		drive_min: plan.total_min,
		nights: count
	});
	const comparison = { with: summary(overnight, nights.length), without: summary(atHome, 0) };
	// Sleeping away is proposed only when it plans more visits, or as many with less driving.
	const better =
		overnight.schedule.length > atHome.schedule.length ||
		(overnight.schedule.length === atHome.schedule.length && overnight.total_min < atHome.total_min);
	return { ...(better ? overnight : atHome), overnight: { ...comparison, chosen: better } };
}

/** The days again with their final start and end points (the nights chosen after them). */
function refit(result: DaysResult, contextOf: ContextOf, options: TripPlanOptions): DaysResult {
	const days = result.days.map((day, d) => fitDay(day.order, contextOf(d), options.optimize));
	const lost = days.flatMap((day) => day.skipped);
	return fillDays(days, [...result.left, ...lost], contextOf);
}

/**
 * The timetable of a trip in an order the officer chose (dragged in the list): no optimisation,
 * each day keeps its stops in the given order. A stop that no longer fits where it was put is
 * listed as unplanned with its reason; stops of the request missing from `days` are too.
 */
export function scheduleTrip(
	input: TripRequestInput,
	days: readonly (readonly string[])[],
	options: Pick<TripPlanOptions, 'matrix' | 'distance'> = {}
): TripPlan {
	const { request, matrix, context } = prepareTrip(input, options, 'scheduleTrip');
	const pointOf = new Map(request.stops.map((stop, i) => [stop.id, i + 1]));
	const placed = new Set<number>();
	const orders: number[][] = [];
	/** The day of the trip each schedule is (an emptied day keeps the later days where they were). */
	const dayNumbers: number[] = [];
	for (const [index, day] of days.slice(0, request.days).entries()) {
		const order = day.map((id) => pointOf.get(id)).filter((point): point is number => point !== undefined && !placed.has(point));
		order.forEach((point) => placed.add(point));
		if (order.length === 0) continue;
		orders.push(order);
		dayNumbers.push(index + 1);
	}
	const timetable = (contextOf: ContextOf) => orders.map((order, d) => scheduleDay(order, contextOf(d)));
	let contextOf: ContextOf = () => context;
	let schedules = timetable(contextOf);
	// Sleeping in the area: the nights next to the days as the officer ordered them.
	const places = (request.overnight?.places ?? []).map((_, i) => request.stops.length + 2 + i);
	let nights: number[] = [];
	if (places.length > 0 && schedules.length > 1 && schedules.every((s) => s.visits.length > 0)) {
		nights = chooseNights(schedules, places, context);
		contextOf = withNights(context, nights);
		schedules = timetable(contextOf);
	}
	const reasons = new Map<number, string>();
	schedules.forEach((schedule, d) => {
		for (const point of schedule.skipped)
			reasons.set(
				point,
				whyNeverServed(point, contextOf(d)) ?? 'ne tient plus dans la journée à cette place : déplacez-la ou ré-optimisez'
			);
	});
	const kept = schedules
		.map((schedule, d) => ({ schedule, day: dayNumbers[d], night: nights[d] }))
		.filter((k) => k.schedule.visits.length > 0);
	for (let point = 1; point <= request.stops.length; point++) {
		if (!placed.has(point)) reasons.set(point, whyNeverServed(point, context) ?? 'placée sur aucun jour de la tournée : ré-optimisez');
	}
	const unplanned = [...reasons.keys()].sort((a, b) => a - b);
	const keptContext = (d: number) => contextOf(schedules.indexOf(kept[d].schedule));
	const plan = describePlan(
		request,
		matrix,
		keptContext,
		kept.map((k) => k.schedule),
		unplanned,
		reasons,
		kept.map((k) => k.night)
	);
	plan.days.forEach((day, i) => (day.day = kept[i].day));
	for (const visit of plan.schedule) visit.day = kept[visit.day - 1].day;
	return plan;
}

function visitRules(request: TripRequest): (VisitRule | undefined)[] {
	const rules: (VisitRule | undefined)[] = [undefined];
	for (const stop of request.stops) {
		const window = stop.window ? ([clockOf(stop.window[0]), clockOf(stop.window[1])] as const) : null;
		rules.push({ duration: stop.duration_min ?? DEFAULT_VISIT_MIN, window, priority: stop.priority });
	}
	rules.push(undefined);
	return rules;
}

function dayWindow(request: TripRequest): DayWindow {
	const lunch = request.day.lunch
		? { window: [clockOf(request.day.lunch[0]), clockOf(request.day.lunch[1])] as const, duration: request.day.lunch_min }
		: null;
	return { start: clockOf(request.day.start), end: clockOf(request.day.end), lunch };
}

/** The schema already normalised every clock time, so this cannot fail on a checked request. */
function clockOf(text: string): number {
	const minutes = parseClock(text);
	if (minutes === null) throw new RangeError(`heure illisible « ${text} » après validation`);
	return minutes;
}

/**
 * Why a stop cannot be served even alone on an empty day, or null when it can: such a stop is
 * set aside at once, with a reason, instead of blocking a day's search.
 */
function whyNeverServed(point: number, context: DayContext): string | null {
	if (scheduleDay([point], context).visits.length === 1) return null;
	const rule = context.rules[point] as VisitRule;
	const { day, minutes } = context;
	const window = rule.window;
	if (window && window[1] - window[0] < rule.duration) {
		return `fenêtre horaire ${formatClock(window[0])}–${formatClock(window[1])} plus courte que la visite (${rule.duration} min)`;
	}
	const arrival = ceilMinute(day.start + minutes[context.start][point]);
	if (earliestStart(arrival, rule, day) === null) {
		if (window) {
			return `fenêtre horaire ${formatClock(window[0])}–${formatClock(window[1])} incompatible avec la journée (${formatClock(day.start)}–${formatClock(day.end)}), la pause déjeuner et le trajet`;
		}
		return `visite de ${rule.duration} min trop longue pour la journée (${formatClock(day.start)}–${formatClock(day.end)}, pause déjeuner comprise)`;
	}
	const out = Math.round(minutes[context.start][point]);
	const back = Math.round(minutes[point][context.end]);
	return `trop loin pour un aller-retour dans la journée (${out} min de route à l’aller, ${back} au retour, visite comprise)`;
}

/** The context of day `d` (0-based): from the base or last night's place, to the end or tonight's. */
type ContextOf = (d: number) => DayContext;

/**
 * Days for the stops. One day: the best day that holds most of them. Several days: splits compete —
 * sweeps by bearing from the base and clusters of nearby stops (k-medoids on driving minutes) —
 * each day fitted by insertion with what the day before could not take, the stops still left
 * inserted wherever a day has room; the split that plans most visits (then most priority, fewest
 * days, least driving) wins.
 */
function planDays(stops: number[], points: readonly LonLat[], contextOf: ContextOf, maxDays: number, options: TripPlanOptions): DaysResult {
	const context = contextOf(0);
	if (maxDays === 1) {
		const day = fitDay(stops, context, options.optimize);
		return fillDays(day.visits.length > 0 ? [day] : [], day.skipped, contextOf);
	}
	const bearings = bearingsFrom(
		points[0],
		stops.map((point) => points[point])
	);
	const rotations = sweepRotations(bearings, options.sweepTries ?? 3).map((rotation) => rotation.map((i) => stops[i]));
	const weights = workloads(stops, context);
	const needed = estimateDays(stops, weights, context, maxDays);
	// Comparing splits needs good days, not the best ones: a short search each, then the full
	// search on the days of the split that wins.
	const quick: OptimizeOptions = {
		...options.optimize,
		iterations: Math.min(options.optimize?.iterations ?? QUICK_ITERATIONS, QUICK_ITERATIONS)
	};
	let best: DaysResult | null = null;
	const consider = (groups: number[][]) => {
		const result = runDays(groups, contextOf, maxDays, quick);
		if (best === null || betterDays(result, best, context)) best = result;
	};
	for (const groupCount of new Set([needed, Math.min(maxDays, needed + 1)])) {
		for (const rotation of rotations) consider(splitByWeight(rotation, weights, groupCount));
		consider(clusterStops(stops, context, groupCount));
	}
	const chosen = best as unknown as DaysResult;
	return { days: chosen.days.map((day, d) => polishDay(day, day.order, contextOf(d), options.optimize)), left: chosen.left };
}

/** Kicks of the iterated local search while comparing splits into days. */
const QUICK_ITERATIONS = 10;

/** Priority of a stop (0 when the request gave none). */
const priorityOf = (context: DayContext, point: number) => (context.rules[point] as VisitRule).priority ?? 0;

/** More visits planned, then more priority planned, then fewer days, then less driving. */
function betterDays(a: DaysResult, b: DaysResult, context: DayContext): boolean {
	if (a.left.length !== b.left.length) return a.left.length < b.left.length;
	const leftPriority = (r: DaysResult) => r.left.reduce((sum, point) => sum + priorityOf(context, point), 0);
	const [pa, pb] = [leftPriority(a), leftPriority(b)];
	if (Math.abs(pa - pb) > 1e-9) return pa < pb;
	if (a.days.length !== b.days.length) return a.days.length < b.days.length;
	const drive = (r: DaysResult) => r.days.reduce((sum, d) => sum + d.drive, 0);
	return drive(a) < drive(b) - 1e-9;
}

/**
 * `count` groups of nearby stops: k-medoids on driving minutes, seeded farthest-first from the
 * base (the first medoid is the stop farthest out), each stop to the closest medoid whose group
 * still has room for a day's work, medoids moved to their group's centre, a few rounds. Groups are
 * returned in the order a sweep from the base meets their medoids, so that leftovers carried to
 * the next day land next door.
 */
export function clusterStops(stops: readonly number[], context: DayContext, count: number): number[][] {
	const time = (a: number, b: number) => Math.min(context.minutes[a][b], context.minutes[b][a]);
	if (count <= 1 || stops.length <= count) return count <= 1 ? [[...stops]] : stops.map((p) => [p]);
	const medoids: number[] = [];
	let first = stops[0];
	for (const p of stops) if (time(context.start, p) > time(context.start, first)) first = p;
	medoids.push(first);
	while (medoids.length < count) {
		let far = stops[0];
		let farDistance = -1;
		for (const p of stops) {
			const d = Math.min(...medoids.map((m) => time(m, p)));
			if (d > farDistance) [far, farDistance] = [p, d];
		}
		medoids.push(far);
	}
	const capacity = dayCapacity(context.day);
	let groups: number[][] = [];
	for (let round = 0; round < 6; round++) {
		groups = medoids.map(() => []);
		const load = medoids.map(() => 0);
		// Stops with the fewest good options choose first: those far from every medoid but one.
		const byUrgency = [...stops].sort((x, y) => {
			const gap = (p: number) => {
				const ds = medoids.map((m) => time(m, p)).sort((u, v) => u - v);
				return (ds[1] ?? Infinity) - ds[0];
			};
			return gap(y) - gap(x) || x - y;
		});
		for (const p of byUrgency) {
			const weight = (context.rules[p] as VisitRule).duration + 10;
			const order = medoids.map((m, g) => g).sort((g, h) => time(medoids[g], p) - time(medoids[h], p) || g - h);
			const g = order.find((h) => load[h] + weight <= capacity) ?? order[0];
			groups[g].push(p);
			load[g] += weight;
		}
		let moved = false;
		groups.forEach((group, g) => {
			if (group.length === 0) return;
			let centre = medoids[g];
			let centreCost = Infinity;
			for (const c of group) {
				const cost = group.reduce((sum, p) => sum + time(c, p), 0);
				if (cost < centreCost - 1e-9) [centre, centreCost] = [c, cost];
			}
			if (centre !== medoids[g]) [medoids[g], moved] = [centre, true];
		});
		if (!moved) break;
	}
	return groups.filter((group) => group.length > 0);
}

/**
 * Minutes a stop adds to a day, roughly: its visit plus the drive from its nearest neighbour.
 * Indexed by point; used to balance the days, never to schedule.
 */
function workloads(stops: readonly number[], context: DayContext): number[] {
	const weights: number[] = [];
	for (const point of stops) {
		let nearest = stops.length === 1 ? 0 : Infinity;
		for (const other of stops) if (other !== point) nearest = Math.min(nearest, context.minutes[other][point]);
		weights[point] = (context.rules[point] as VisitRule).duration + nearest;
	}
	return weights;
}

/**
 * How many days the stops seem to need: their workload over what a day leaves once the drive
 * out to the stops and back is paid. Never more than the days available.
 */
function estimateDays(stops: readonly number[], weights: readonly number[], context: DayContext, maxDays: number): number {
	const work = stops.reduce((sum, point) => sum + weights[point], 0);
	const roundTrip =
		stops.reduce((sum, point) => sum + context.minutes[context.start][point] + context.minutes[point][context.end], 0) / stops.length;
	const usable = dayCapacity(context.day) - roundTrip;
	if (usable <= 0) return maxDays;
	return Math.max(1, Math.min(maxDays, Math.ceil(work / usable)));
}

/**
 * Days one after the other: each takes its group and what the day before could not fit (the
 * next group lies next to it on the map), while days remain.
 */
function runDays(groups: readonly number[][], contextOf: ContextOf, maxDays: number, options: OptimizeOptions | undefined): DaysResult {
	const days: DaySchedule[] = [];
	let carried: number[] = [];
	for (let d = 0; d < maxDays; d++) {
		const set = [...carried, ...(groups[d] ?? [])];
		if (set.length === 0) {
			if (d >= groups.length) break;
			continue;
		}
		const day = fitDay(set, contextOf(days.length), options);
		if (day.visits.length > 0) days.push(day);
		carried = day.skipped;
	}
	return fillDays(days, carried, contextOf);
}

/** Last chance for the stops left over: any day that still has room takes them. */
function fillDays(days: DaySchedule[], left: number[], contextOf: ContextOf): DaysResult {
	let remaining = left;
	const filled = days.map((day, d) => {
		if (remaining.length === 0) return day;
		const context = contextOf(d);
		const inserted = insertStops(day.order, remaining, context);
		if (inserted.left.length === remaining.length) return day;
		const schedule = scheduleDay(relocateStops(inserted.order, context), context);
		if (schedule.visits.length !== inserted.order.length || !betterDay(schedule, day)) return day;
		remaining = inserted.left;
		return schedule;
	});
	return { days: filled, left: remaining };
}

const roundKm = (km: number) => Math.round(km * 10) / 10;

function describePlan(
	request: TripRequest,
	matrix: TravelMatrix,
	contextOf: ContextOf,
	days: readonly DaySchedule[],
	unplanned: readonly number[],
	reasons: ReadonlyMap<number, string>,
	nights: readonly number[] = []
): TripPlan {
	const n = request.stops.length;
	const places = request.overnight?.places ?? [];
	const placeOf = (point: number) => places[point - n - 2];
	const idOf = (point: number) =>
		point === 0 ? 'start' : point === n + 1 ? 'end' : point > n + 1 ? `nuit:${point - n - 2}` : request.stops[point - 1].id;
	const tripDays: TripDay[] = [];
	const schedule: TripVisit[] = [];
	let rawKm = 0;
	let rawMin = 0;
	days.forEach((day, index) => {
		const context = contextOf(index);
		const path = [context.start, ...day.order, context.end];
		const legs: TripLeg[] = [];
		let dayKm = 0;
		let dayMin = 0;
		for (let p = 0; p + 1 < path.length; p++) {
			const km = matrix.km[path[p]][path[p + 1]];
			const min = matrix.min[path[p]][path[p + 1]];
			dayKm += km;
			dayMin += min;
			legs.push({ from: idOf(path[p]), to: idOf(path[p + 1]), km: roundKm(km), min: Math.round(min) });
		}
		rawKm += dayKm;
		rawMin += dayMin;
		const lunch = day.lunch;
		for (const [i, visit] of day.visits.entries()) {
			const lunchHere = lunch !== null && lunch.at === i && !lunch.en_route && !lunch.at_base ? lunch.end - lunch.start : 0;
			schedule.push({
				id: idOf(visit.point),
				arrive: formatClock(visit.start),
				leave: formatClock(visit.end),
				day: index + 1,
				wait_min: Math.max(0, visit.start - visit.arrival - lunchHere)
			});
		}
		tripDays.push({
			day: index + 1,
			order: day.order.map(idOf),
			legs,
			total_km: roundKm(dayKm),
			total_min: Math.round(dayMin),
			depart: formatClock(day.depart),
			back: formatClock(day.back),
			lunch: lunch && {
				start: formatClock(lunch.start),
				end: formatClock(lunch.end),
				before: lunch.at < day.visits.length ? idOf(day.visits[lunch.at].point) : 'end',
				en_route: lunch.en_route,
				at_base: lunch.at_base
			},
			night: nights[index] === undefined ? null : { ...placeOf(nights[index]) }
		});
	});
	return {
		order: tripDays.flatMap((d) => d.order),
		legs: tripDays.flatMap((d) => d.legs),
		total_km: roundKm(rawKm),
		total_min: Math.round(rawMin),
		schedule,
		days: tripDays,
		unplanned: unplanned.map(idOf),
		unplanned_reasons: unplanned.map((point) => ({ id: idOf(point), reason: reasons.get(point) as string })),
		overnight: null
	};
}
