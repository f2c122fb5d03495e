// The timetable of one trip day: when the officer arrives at and leaves each structure. Visits keep
// within the day, the structure's opening hours and outside the lunch break (driving may overlap
// lunch: eating a sandwich in the car is the officer's call, a meeting at 12:30 is not). A stop that
// cannot be served where it stands is skipped, never dropped: the caller places it elsewhere, on
// another day, or lists it as unplanned.
import { optimizeOrder, type CostMatrix, type OptimizeOptions } from './optimize';
import { ceilMinute } from './time';

/** A trip day, in minutes since midnight. */
export interface DayWindow {
	start: number;
	end: number;
	lunch: readonly [number, number] | null;
}

/** What a visit needs: its length and, when the structure gave them, its opening hours. */
export interface VisitRule {
	duration: number;
	window: readonly [number, number] | null;
}

/** Everything that decides a day's timetable; points are indices into `minutes`. */
export interface DayContext {
	minutes: CostMatrix;
	/** What the order optimiser minimises; minutes when absent (see `tieBreakCost`). */
	cost?: CostMatrix;
	start: number;
	end: number;
	/** The visit rule of each stop, indexed by point (start and end have none). */
	rules: ReadonlyArray<VisitRule | undefined>;
	day: DayWindow;
}

export interface Visit {
	point: number;
	/** When the car gets there (rounded up to the minute). */
	arrival: number;
	/** When the visit begins: later than arrival when the structure opens later or lunch intervenes. */
	start: number;
	end: number;
}

export interface DaySchedule {
	/** The served stops, in visiting order. */
	order: number[];
	visits: Visit[];
	/** Stops that could not be served in this order, in the order they were met. */
	skipped: number[];
	/** Leaving the base: as late as possible without delaying the first visit. */
	depart: number;
	/** Back at the end point. */
	back: number;
	/** Minutes at the wheel. */
	drive: number;
}

function ruleOf(context: DayContext, point: number): VisitRule {
	const rule = context.rules[point];
	if (!rule) throw new RangeError(`point ${point} : pas de règle de visite (ce n’est pas un arrêt)`);
	return rule;
}

/**
 * The earliest start of a visit for a car arriving at `arrival`, or null when the visit cannot
 * take place that day: waits for the opening and for the end of lunch, never past the closing.
 */
export function earliestStart(arrival: number, rule: VisitRule, day: DayWindow): number | null {
	let start = Math.max(arrival, day.start, rule.window?.[0] ?? -Infinity);
	const lunch = day.lunch;
	if (lunch && start < lunch[1] && start + rule.duration > lunch[0]) start = lunch[1];
	const finish = start + rule.duration;
	if (rule.window && finish > rule.window[1]) return null;
	if (finish > day.end) return null;
	return start;
}

/**
 * The timetable of `order` as given: each stop is served as early as it can be, or skipped when
 * its hours are past or when serving it would bring the officer back after the end of the day.
 */
export function scheduleDay(order: readonly number[], context: DayContext): DaySchedule {
	const { minutes, day } = context;
	const visits: Visit[] = [];
	const skipped: number[] = [];
	let clock = day.start;
	let here = context.start;
	let drive = 0;
	for (const point of order) {
		const rule = ruleOf(context, point);
		const arrival = ceilMinute(clock + minutes[here][point]);
		const start = earliestStart(arrival, rule, day);
		const finish = start === null ? Infinity : start + rule.duration;
		if (start === null || ceilMinute(finish + minutes[point][context.end]) > day.end) {
			skipped.push(point);
			continue;
		}
		drive += minutes[here][point];
		visits.push({ point, arrival, start, end: finish });
		clock = finish;
		here = point;
	}
	drive += visits.length > 0 ? minutes[here][context.end] : 0;
	const back = visits.length > 0 ? ceilMinute(clock + minutes[here][context.end]) : day.start;
	let depart = day.start;
	if (visits.length > 0) {
		// Leave later rather than wait in the car park until the first structure opens.
		const first = visits[0];
		const latest = first.start - ceilMinute(minutes[context.start][first.point]);
		if (latest > depart) {
			depart = latest;
			first.arrival = first.start;
		}
	}
	return { order: visits.map((v) => v.point), visits, skipped, depart, back, drive };
}

/** True when `a` is the better day: more stops served, then back earlier, then less driving. */
export function betterDay(a: DaySchedule, b: DaySchedule): boolean {
	if (a.visits.length !== b.visits.length) return a.visits.length > b.visits.length;
	if (a.back !== b.back) return a.back < b.back;
	return a.drive < b.drive - 1e-9;
}

/** Visits that an order is unable to serve are the ones to place: "all served" is what we test. */
function servesAll(schedule: DaySchedule, count: number): boolean {
	return schedule.visits.length === count;
}

/**
 * The latest car arrival at each visit of a feasible schedule that still lets every later visit
 * take place and the officer get back in time; the last entry is for the end point. It turns
 * "can this stop go here?" into a constant-time test instead of a replay of the whole day.
 * Arriving earlier is always fine: waiting for the opening or for the end of lunch never makes a
 * visit start later than it would for a later car.
 */
function latestArrivals(schedule: DaySchedule, context: DayContext): Float64Array {
	const { minutes, day } = context;
	const visits = schedule.visits;
	const latest = new Float64Array(visits.length + 1);
	latest[visits.length] = day.end;
	for (let j = visits.length - 1; j >= 0; j--) {
		const point = visits[j].point;
		const next = j + 1 < visits.length ? visits[j + 1].point : context.end;
		const rule = ruleOf(context, point);
		// Arrivals are whole minutes: arriving by `latest` means leaving by floor(latest) − drive.
		const leaveBy = Math.floor(latest[j + 1] + 1e-9) - minutes[point][next];
		let start = Math.min(leaveBy, rule.window?.[1] ?? Infinity, day.end) - rule.duration;
		if (day.lunch && start < day.lunch[1] && start + rule.duration > day.lunch[0]) start = day.lunch[0] - rule.duration;
		latest[j] = start;
	}
	return latest;
}

interface Insertion {
	pool: number;
	at: number;
	/** How much later the car reaches the next visit (or the end): the price of the stop. */
	delay: number;
}

/** The cheapest place for each stop of the pool in a schedule, given its latest arrivals. */
function cheapestInsertion(
	schedule: DaySchedule,
	latest: Float64Array,
	pool: readonly number[],
	context: DayContext,
	banned: ReadonlySet<string>
): Insertion | null {
	const { minutes, day } = context;
	const visits = schedule.visits;
	let best: Insertion | null = null;
	for (let i = 0; i < pool.length; i++) {
		const point = pool[i];
		const rule = ruleOf(context, point);
		for (let at = 0; at <= visits.length; at++) {
			if (banned.has(`${point}@${at}`)) continue;
			const from = at === 0 ? context.start : visits[at - 1].point;
			const leave = at === 0 ? day.start : visits[at - 1].end;
			const start = earliestStart(ceilMinute(leave + minutes[from][point]), rule, day);
			if (start === null) continue;
			const to = at < visits.length ? visits[at].point : context.end;
			const arrival = ceilMinute(start + rule.duration + minutes[point][to]);
			if (arrival > latest[at]) continue;
			const delay = arrival - (at < visits.length ? visits[at].arrival : schedule.back);
			if (best === null || delay < best.delay) best = { pool: i, at, delay };
		}
	}
	return best;
}

/**
 * Puts the stops of `pool` into `order` one by one, each time the stop and place that delay the
 * rest of the day least while every stop placed so far is still served. Cheap stops go first, so
 * when the day is too short it holds as many stops as this greedy can fit.
 */
export function insertStops(order: readonly number[], pool: readonly number[], context: DayContext): { order: number[]; left: number[] } {
	let schedule = scheduleDay(order, context);
	const left = [...pool, ...schedule.skipped];
	// Places the constant-time test accepts but a full replay refuses (a matrix that breaks the
	// triangle inequality can do that): never proposed twice.
	const banned = new Set<string>();
	for (;;) {
		const latest = latestArrivals(schedule, context);
		const best = cheapestInsertion(schedule, latest, left, context, banned);
		if (best === null) return { order: schedule.order, left };
		const candidate = [...schedule.order.slice(0, best.at), left[best.pool], ...schedule.order.slice(best.at)];
		const replay = scheduleDay(candidate, context);
		if (!servesAll(replay, candidate.length)) {
			banned.add(`${left[best.pool]}@${best.at}`);
			continue;
		}
		schedule = replay;
		banned.clear();
		left.splice(best.pool, 1);
	}
}

/** Beyond this many visits in a day, only stops with opening hours are moved (each try is a replay). */
const RELOCATE_ALL_UP_TO = 30;

/**
 * Moves single stops elsewhere in the order while that brings the officer back earlier with every
 * stop still served: it is how a stop open only in the afternoon leaves the morning free.
 */
export function relocateStops(order: readonly number[], context: DayContext): number[] {
	let current = [...order];
	let currentSchedule = scheduleDay(current, context);
	const movable = (point: number) => current.length <= RELOCATE_ALL_UP_TO || ruleOf(context, point).window !== null;
	// Each accepted move ends the day strictly earlier or drives less: the loop terminates.
	for (let improved = true; improved;) {
		improved = false;
		for (let from = 0; from < current.length && !improved; from++) {
			if (!movable(current[from])) continue;
			const rest = [...current.slice(0, from), ...current.slice(from + 1)];
			for (let at = 0; at <= rest.length; at++) {
				if (at === from) continue;
				const candidate = [...rest.slice(0, at), current[from], ...rest.slice(at)];
				const schedule = scheduleDay(candidate, context);
				if (servesAll(schedule, candidate.length) && betterDay(schedule, currentSchedule)) {
					current = candidate;
					currentSchedule = schedule;
					improved = true;
					break;
				}
			}
		}
	}
	return current;
}

/**
 * The best timetable found for a set of stops on one day. Two starts compete: the shortest
 * driving order (best when everything fits), and greedy insertion from an empty day (best when the
 * day is too short or the opening hours dictate the order); each is then repaired and polished.
 */
export function fitDay(stops: readonly number[], context: DayContext, options: OptimizeOptions = {}): DaySchedule {
	const candidates: DaySchedule[] = [];
	const visitMinutes = stops.reduce((sum, point) => sum + ruleOf(context, point).duration, 0);
	if (visitMinutes <= dayCapacity(context.day)) {
		// Optimising hundreds of stops that cannot fit in one day would only waste time.
		const shortest = optimizeOrder({ cost: context.cost ?? context.minutes, start: context.start, end: context.end, stops }, options);
		candidates.push(repair(shortest, stops, context));
	}
	candidates.push(repair([], stops, context));
	let best = candidates[0];
	for (const candidate of candidates) if (betterDay(candidate, best)) best = candidate;
	return polishDay(best, stops, context, options);
}

/**
 * Once a day's served stops are known, their shortest driving order may be both feasible and
 * quicker than the order the repair left: keep whichever day is better.
 */
export function polishDay(
	schedule: DaySchedule,
	stops: readonly number[],
	context: DayContext,
	options: OptimizeOptions = {}
): DaySchedule {
	const shortest = optimizeOrder(
		{ cost: context.cost ?? context.minutes, start: context.start, end: context.end, stops: schedule.order },
		options
	);
	const polished = withSkipped(scheduleDay(relocateStops(shortest, context), context), stops);
	return betterDay(polished, schedule) ? polished : withSkipped(schedule, stops);
}

function repair(order: readonly number[], stops: readonly number[], context: DayContext): DaySchedule {
	const served = new Set(order);
	const inserted = insertStops(
		order,
		stops.filter((point) => !served.has(point)),
		context
	);
	return withSkipped(scheduleDay(relocateStops(inserted.order, context), context), stops);
}

/** The schedule with every stop of `stops` that it does not serve listed as skipped. */
function withSkipped(schedule: DaySchedule, stops: readonly number[]): DaySchedule {
	const served = new Set(schedule.order);
	return { ...schedule, skipped: stops.filter((point) => !served.has(point)) };
}

/** Minutes of a day available for driving and visits: the day less the lunch break inside it. */
export function dayCapacity(day: DayWindow): number {
	const lunch = day.lunch ? Math.max(0, Math.min(day.lunch[1], day.end) - Math.max(day.lunch[0], day.start)) : 0;
	return day.end - day.start - lunch;
}

/**
 * Minutes, with kilometres to break ties. Estimated times are flat over some distances (5 to 9 km
 * all take 10 min, see `drivingMinutes`); among equally quick orders, the shorter one saves fuel.
 */
export function tieBreakCost(minutes: CostMatrix, km: CostMatrix): number[][] {
	return minutes.map((row, i) => Array.from(row, (value, j) => value + km[i][j] * 1e-3));
}
