// The timetable of one trip day: when the officer arrives at and leaves each structure, and when
// they have lunch. Visits keep within the day and the structure's opening hours (hard constraints).
// Lunch is a flexible break, as VROOM models breaks: a duration to take inside a window, placed
// where it costs least — between two visits, during a drive (stop at a restaurant on the way), at a
// structure while waiting for it to open, or at the base before leaving or after coming back — never
// a fixed block that forces waiting. A stop that cannot be served where it stands is skipped, never
// dropped: the caller places it elsewhere, on another day, or lists it as unplanned.
import { optimizeOrder, type CostMatrix, type OptimizeOptions } from './optimize';
import { ceilMinute } from './time';

/** The lunch break: `duration` minutes taken entirely inside `window` (minutes since midnight). */
export interface LunchBreak {
	window: readonly [number, number];
	duration: number;
}

/** A trip day, in minutes since midnight. */
export interface DayWindow {
	start: number;
	end: number;
	lunch: LunchBreak | null;
}

/** What a visit needs: its length and, when the structure gave them, its opening hours. */
export interface VisitRule {
	duration: number;
	window: readonly [number, number] | null;
	/** Worth of the visit (gap score, never contacted…): among equally cheap stops, the higher goes first. */
	priority?: number;
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
	/** When the visit begins: later than arrival when the structure opens later or lunch is taken there. */
	start: number;
	end: number;
}

/** Where and when lunch is taken in a day. */
export interface PlacedBreak {
	start: number;
	end: number;
	/**
	 * Before which visit (its index in `visits`); `visits.length` for the way back. With `at` 0 and
	 * no visit yet started, lunch is taken on the way out (or at the first structure).
	 */
	at: number;
	/** Taken during the drive (a stop on the way), rather than at the next structure or the base. */
	en_route: boolean;
	/** Taken at the base, before leaving or after coming back: it costs nothing to the outing. */
	at_base: boolean;
}

export interface DaySchedule {
	/** The served stops, in visiting order. */
	order: number[];
	visits: Visit[];
	/** Stops that could not be served in this order, in the order they were met. */
	skipped: number[];
	/** Leaving the start point: as late as possible without delaying the first visit. */
	depart: number;
	/** Back at the end point. */
	back: number;
	/** Minutes at the wheel. */
	drive: number;
	/** Lunch, when the day has a lunch break and visits. */
	lunch: PlacedBreak | null;
}

function ruleOf(context: DayContext, point: number): VisitRule {
	const rule = context.rules[point];
	if (!rule) throw new RangeError(`point ${point} : pas de règle de visite (ce n’est pas un arrêt)`);
	return rule;
}

/**
 * The earliest start of a visit for a car arriving at `arrival`, or null when the visit cannot
 * take place that day: waits for the opening, never past the closing or the end of the day.
 */
export function earliestStart(arrival: number, rule: VisitRule, day: DayWindow): number | null {
	const start = Math.max(arrival, day.start, rule.window?.[0] ?? -Infinity);
	const finish = start + rule.duration;
	if (rule.window && finish > rule.window[1]) return null;
	if (finish > day.end) return null;
	return start;
}

/**
 * When the officer is ready for what follows after leaving at `leave`, driving `drive` minutes and
 * having lunch on the way; null when the break can no longer start in its window. The drive can be
 * split around the break, so: ready = max(leave + drive, window start) + duration.
 */
export function readyAfterBreak(leave: number, drive: number, lunch: LunchBreak): number | null {
	const [from, to] = lunch.window;
	if (Math.max(leave, from) > to - lunch.duration) return null;
	return ceilMinute(Math.max(leave + drive, from)) + lunch.duration;
}

/**
 * The break between leaving at `leave` and what starts at `next` (a visit, or the arrival back):
 * as late as possible, so that it takes the place of any wait for an opening, but inside its
 * window; before the arrival it is taken on the way. Only called when `readyAfterBreak` allowed it.
 */
function placeBreak(leave: number, drive: number, next: number, lunch: LunchBreak, at: number): PlacedBreak {
	const latest = lunch.window[1] - lunch.duration;
	const start = Math.min(latest, ceilMinute(Math.max(leave + drive, lunch.window[0], next - lunch.duration)));
	return { start, end: start + lunch.duration, at, en_route: start < leave + drive, at_base: false };
}

/**
 * The timetable of `order` with the break before the `lunchGap`-th visit served (`visits.length`
 * after the last one: on the way back), or with no break in the outing when `lunchGap` is null.
 * Null when the break cannot be placed there.
 */
function simulateDay(order: readonly number[], context: DayContext, lunchGap: number | null): DaySchedule | null {
	const { minutes, day } = context;
	const lunch = lunchGap === null ? null : day.lunch;
	const visits: Visit[] = [];
	const skipped: number[] = [];
	let placed: PlacedBreak | null = null;
	let clock = day.start;
	let here = context.start;
	let drive = 0;
	for (const point of order) {
		const rule = ruleOf(context, point);
		const leg = minutes[here][point];
		const withBreak = lunch !== null && placed === null && lunchGap === visits.length;
		let ready = ceilMinute(clock + leg);
		if (withBreak) {
			const after = readyAfterBreak(clock, leg, lunch);
			// The window is past: no later place can hold the break either.
			if (after === null) return null;
			ready = after;
		}
		const start = earliestStart(ready, rule, day);
		const finish = start === null ? Infinity : start + rule.duration;
		if (start === null || ceilMinute(finish + minutes[point][context.end]) > day.end) {
			skipped.push(point);
			continue;
		}
		let arrival = ceilMinute(clock + leg);
		if (withBreak) {
			placed = placeBreak(clock, leg, start, lunch, visits.length);
			if (placed.en_route) arrival += lunch.duration;
		}
		drive += leg;
		visits.push({ point, arrival, start, end: finish });
		clock = finish;
		here = point;
	}
	const backLeg = visits.length > 0 ? minutes[here][context.end] : 0;
	drive += backLeg;
	let back = visits.length > 0 ? ceilMinute(clock + backLeg) : day.start;
	if (lunch !== null && placed === null && visits.length > 0) {
		if (lunchGap !== visits.length) return null;
		const ready = readyAfterBreak(clock, backLeg, lunch);
		if (ready === null) return null;
		placed = placeBreak(clock, backLeg, ready, lunch, visits.length);
		if (placed.en_route) back += lunch.duration;
		else placed.at_base = true;
		if (back > day.end) return null;
	}
	let depart = day.start;
	if (visits.length > 0 && !(placed && placed.at === 0)) {
		// Leave later rather than wait in the car park until the first structure opens.
		const first = visits[0];
		const latest = first.start - ceilMinute(minutes[context.start][first.point]);
		if (latest > depart) {
			depart = latest;
			first.arrival = first.start;
		}
	}
	return { order: visits.map((v) => v.point), visits, skipped, depart, back, drive, lunch: placed };
}

/**
 * Lunch at the base, outside the outing: before leaving when the officer leaves late enough, or
 * after coming back when back early enough; null when the outing covers the whole lunch window.
 */
function lunchAtBase(schedule: DaySchedule, lunch: LunchBreak): PlacedBreak | null {
	const [from, to] = lunch.window;
	const at = (start: number, index: number): PlacedBreak => ({
		start,
		end: start + lunch.duration,
		at: index,
		en_route: false,
		at_base: true
	});
	if (schedule.back <= to - lunch.duration) return at(Math.max(schedule.back, from), schedule.visits.length);
	if (schedule.depart >= from + lunch.duration) return at(Math.min(schedule.depart, to) - lunch.duration, 0);
	return null;
}

/**
 * The timetable of `order` as given: each stop is served as early as it can be, or skipped when
 * its hours are past or when serving it would bring the officer back after the end of the day.
 * Lunch goes where the day ends earliest (then drives least, then waits least): each place in the
 * order is tried, as is lunch at the base when the outing leaves the window free.
 */
export function scheduleDay(order: readonly number[], context: DayContext): DaySchedule {
	const lunch = context.day.lunch;
	const free = simulateDay(order, context, null) as DaySchedule;
	if (lunch === null || free.visits.length === 0) return free;
	let best: DaySchedule | null = null;
	const atBase = lunchAtBase(free, lunch);
	if (atBase) best = { ...free, lunch: atBase };
	for (let gap = 0; gap <= order.length; gap++) {
		const candidate = simulateDay(order, context, gap);
		if (candidate && (best === null || betterDay(candidate, best))) best = candidate;
	}
	// The break at the first place always fits (the window is at least as long as the break).
	return best as DaySchedule;
}

/** Minutes waited (for an opening) over the day's visits, lunch excluded. */
export function idleMinutes(schedule: DaySchedule): number {
	let idle = 0;
	for (const [i, visit] of schedule.visits.entries()) {
		const atStop = schedule.lunch && schedule.lunch.at === i && !schedule.lunch.en_route && !schedule.lunch.at_base;
		idle += Math.max(0, visit.start - visit.arrival - (atStop ? schedule.lunch!.end - schedule.lunch!.start : 0));
	}
	return idle;
}

/** True when `a` is the better day: more stops served, then back earlier, then less driving, then less waiting. */
export function betterDay(a: DaySchedule, b: DaySchedule): boolean {
	if (a.visits.length !== b.visits.length) return a.visits.length > b.visits.length;
	if (a.back !== b.back) return a.back < b.back;
	if (Math.abs(a.drive - b.drive) > 1e-9) return a.drive < b.drive;
	const idleA = idleMinutes(a);
	const idleB = idleMinutes(b);
	if (idleA !== idleB) return idleA < idleB;
	// Equal days otherwise: visits as early as they can be (wait, if any, after the work is done).
	const starts = (d: DaySchedule) => d.visits.reduce((sum, v) => sum + v.start, 0);
	return starts(a) < starts(b);
}

/** Visits that an order is unable to serve are the ones to place: "all served" is what we test. */
function servesAll(schedule: DaySchedule, count: number): boolean {
	return schedule.visits.length === count;
}

/**
 * The latest car arrival at each visit of a feasible schedule that still lets every later visit
 * take place and the officer get back in time; the last entry is for the end point. It turns
 * "can this stop go here?" into a constant-time test instead of a replay of the whole day.
 * Arriving earlier is always fine: waiting for the opening never makes a visit start later than it
 * would for a later car. The flexible lunch is not in the bound (see below).
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
		// Lunch is left out: it only makes arrivals later, so this bound stays safe (a replay checks).
		latest[j] = Math.min(leaveBy, rule.window?.[1] ?? Infinity, day.end) - rule.duration;
	}
	return latest;
}

interface Insertion {
	pool: number;
	at: number;
	/** How much later the car reaches the next visit (or the end): the price of the stop. */
	delay: number;
	priority: number;
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
			const priority = rule.priority ?? 0;
			if (best === null || delay < best.delay || (delay === best.delay && priority > best.priority))
				best = { pool: i, at, delay, priority };
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

/** Minutes of a day available for driving and visits: the day less the lunch break. */
export function dayCapacity(day: DayWindow): number {
	return day.end - day.start - (day.lunch?.duration ?? 0);
}

/**
 * Minutes, with kilometres to break ties. Estimated times are flat over some distances (5 to 9 km
 * all take 10 min, see `drivingMinutes`); among equally quick orders, the shorter one saves fuel.
 */
export function tieBreakCost(minutes: CostMatrix, km: CostMatrix): number[][] {
	return minutes.map((row, i) => Array.from(row, (value, j) => value + km[i][j] * 1e-3));
}
