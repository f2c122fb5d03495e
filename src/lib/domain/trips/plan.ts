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

/** The checked request, its points (start, stops, end), travel matrix and day rules: what
 * planning and re-timing both start from. An unchecked request cannot slip through. */
function prepareTrip(input: TripRequestInput, options: Pick<TripPlanOptions, 'matrix' | 'distance'>, caller: string) {
	const parsed = tripRequestSchema.safeParse(input);
	if (!parsed.success) throw new TripRequestError(fieldErrors(parsed.error));
	const request = parsed.data;
	const points: LonLat[] = [request.start, ...request.stops.map((s): LonLat => [s.lon, s.lat]), request.end ?? request.start];
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
	const result = servable.length === 0 ? { days: [], left: [] } : planDays(servable, points, context, request.days, options);
	for (const point of result.left) {
		reasons.set(
			point,
			`plus de place dans ${request.days === 1 ? 'la journée' : `les ${request.days} jours`} : ajoutez un jour ou raccourcissez des visites`
		);
	}
	return describePlan(
		request,
		matrix,
		context,
		result.days,
		stops.filter((point) => reasons.has(point)),
		reasons
	);
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
	const schedules: DaySchedule[] = [];
	/** The day of the trip each schedule is (an emptied day keeps the later days where they were). */
	const dayNumbers: number[] = [];
	const reasons = new Map<number, string>();
	for (const [index, day] of days.slice(0, request.days).entries()) {
		const order = day.map((id) => pointOf.get(id)).filter((point): point is number => point !== undefined && !placed.has(point));
		order.forEach((point) => placed.add(point));
		if (order.length === 0) continue;
		const schedule = scheduleDay(order, context);
		for (const point of schedule.skipped)
			reasons.set(point, whyNeverServed(point, context) ?? 'ne tient plus dans la journée à cette place : déplacez-la ou ré-optimisez');
		if (schedule.visits.length > 0) {
			schedules.push(schedule);
			dayNumbers.push(index + 1);
		}
	}
	for (let point = 1; point <= request.stops.length; point++) {
		if (!placed.has(point)) reasons.set(point, whyNeverServed(point, context) ?? 'placée sur aucun jour de la tournée : ré-optimisez');
	}
	const unplanned = [...reasons.keys()].sort((a, b) => a - b);
	const plan = describePlan(request, matrix, context, schedules, unplanned, reasons);
	plan.days.forEach((day, i) => (day.day = dayNumbers[i]));
	for (const visit of plan.schedule) visit.day = dayNumbers[visit.day - 1];
	return plan;
}

function visitRules(request: TripRequest): (VisitRule | undefined)[] {
	const rules: (VisitRule | undefined)[] = [undefined];
	for (const stop of request.stops) {
		const window = stop.window ? ([clockOf(stop.window[0]), clockOf(stop.window[1])] as const) : null;
		rules.push({ duration: stop.duration_min ?? DEFAULT_VISIT_MIN, window });
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

/** One day for a one-day trip; otherwise the best of a few sweep splits. */
function planDays(stops: number[], points: readonly LonLat[], context: DayContext, maxDays: number, options: TripPlanOptions): DaysResult {
	if (maxDays === 1) {
		const day = fitDay(stops, context, options.optimize);
		return fillDays(day.visits.length > 0 ? [day] : [], day.skipped, context);
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
	for (const groupCount of new Set([needed, Math.min(maxDays, needed + 1)])) {
		for (const rotation of rotations) {
			const groups = splitByWeight(rotation, weights, groupCount);
			const result = runDays(groups, context, maxDays, quick);
			if (best === null || betterDays(result, best)) best = result;
		}
	}
	const chosen = best as DaysResult;
	return { days: chosen.days.map((day) => polishDay(day, day.order, context, options.optimize)), left: chosen.left };
}

/** Kicks of the iterated local search while comparing splits into days. */
const QUICK_ITERATIONS = 10;

/** Fewer stops left out, then fewer days, then less driving. */
function betterDays(a: DaysResult, b: DaysResult): boolean {
	if (a.left.length !== b.left.length) return a.left.length < b.left.length;
	if (a.days.length !== b.days.length) return a.days.length < b.days.length;
	const drive = (r: DaysResult) => r.days.reduce((sum, d) => sum + d.drive, 0);
	return drive(a) < drive(b) - 1e-9;
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
 * next group in the sweep lies next to it on the map), while days remain.
 */
function runDays(groups: readonly number[][], context: DayContext, maxDays: number, options: OptimizeOptions | undefined): DaysResult {
	const days: DaySchedule[] = [];
	let carried: number[] = [];
	for (let d = 0; d < maxDays; d++) {
		const set = [...carried, ...(groups[d] ?? [])];
		if (set.length === 0) {
			if (d >= groups.length) break;
			continue;
		}
		const day = fitDay(set, context, options);
		if (day.visits.length > 0) days.push(day);
		carried = day.skipped;
	}
	return fillDays(days, carried, context);
}

/** Last chance for the stops left over: any day that still has room takes them. */
function fillDays(days: DaySchedule[], left: number[], context: DayContext): DaysResult {
	let remaining = left;
	const filled = days.map((day) => {
		if (remaining.length === 0) return day;
		const inserted = insertStops(day.order, remaining, context);
		if (inserted.left.length === remaining.length) return day;
		remaining = inserted.left;
		const schedule = scheduleDay(relocateStops(inserted.order, context), context);
		return betterDay(schedule, day) ? schedule : day;
	});
	return { days: filled, left: remaining };
}

const roundKm = (km: number) => Math.round(km * 10) / 10;

function describePlan(
	request: TripRequest,
	matrix: TravelMatrix,
	context: DayContext,
	days: readonly DaySchedule[],
	unplanned: readonly number[],
	reasons: ReadonlyMap<number, string>
): TripPlan {
	const n = request.stops.length;
	const idOf = (point: number) => (point === 0 ? 'start' : point === n + 1 ? 'end' : request.stops[point - 1].id);
	const tripDays: TripDay[] = [];
	const schedule: TripVisit[] = [];
	let rawKm = 0;
	let rawMin = 0;
	days.forEach((day, index) => {
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
			}
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
		unplanned_reasons: unplanned.map((point) => ({ id: idOf(point), reason: reasons.get(point) as string }))
	};
}
