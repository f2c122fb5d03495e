// The roadmap of a saved trip: its stored plan read back stop by stop — day, calendar date,
// number on the map, arrival and departure, the leg that leads there — for the trip page, the
// printable roadmap and the GPX, ICS and CSV exports, which must all say the same thing.
import { DEFAULT_DAY, DEFAULT_VISIT_MIN, MAX_DAYS } from './defaults';
import { parseClock } from './time';
import type { TripDay, TripLeg, TripLunch, TripPlan } from './plan';

export interface RoadmapVisit<S> {
	/** 1, 2, 3… across the whole trip: the number on the map. */
	number: number;
	day: number;
	/** ISO date of that day. */
	date: string;
	arrive: string;
	leave: string;
	wait_min: number;
	/** The leg that leads to this stop. */
	leg: TripLeg | null;
	stop: S;
}

export interface RoadmapDay<S> {
	day: number;
	date: string;
	depart: string;
	back: string;
	km: number;
	drive_min: number;
	visits: RoadmapVisit<S>[];
	/** The leg back to the end point (or to the night's place). */
	back_leg: TripLeg | null;
	/** The lunch break of the day, and where the officer sleeps after it (null: home). */
	lunch: TripLunch | null;
	night: TripDay['night'];
	/** The day's road line from a routing service; null: straight legs. */
	geometry: [number, number][] | null;
}

export interface Roadmap<S> {
	days: RoadmapDay<S>[];
	unplanned: { stop: S; reason: string }[];
	total_km: number;
	drive_min: number;
}

/** ISO date `days` after `iso`. */
export function addDays(iso: string, days: number): string {
	const date = new Date(`${iso}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
}

/**
 * The dates a trip visits, in order: the working days (Monday to Friday) from `start` to `end`;
 * a trip set on a weekend only keeps its dates (the officer chose them). Day n of a plan is the
 * n-th of these dates.
 */
export function tripDates(start: string, end: string): string[] {
	const all: string[] = [];
	for (let date = start; date <= end && all.length < 366; date = addDays(date, 1)) all.push(date);
	const working = all.filter((date) => !isWeekend(date));
	return working.length > 0 ? working : all;
}

/** Reads a plan whose stop ids are `String(stop.id)`; stops absent from the plan are unplanned. */
export function buildRoadmap<S extends { id: number }>(
	plan: TripPlan | null,
	stops: readonly S[],
	trip: { date_start: string; date_end: string }
): Roadmap<S> {
	const dates = tripDates(trip.date_start, trip.date_end);
	const dateOf = (day: number) => dates[day - 1] ?? addDays(dates[dates.length - 1], day - dates.length);
	const byId = new Map(stops.map((s) => [String(s.id), s]));
	const seen = new Set<string>();
	let number = 0;
	const days: RoadmapDay<S>[] = (plan?.days ?? []).map((day) => {
		const visits: RoadmapVisit<S>[] = [];
		for (const id of day.order) {
			const stop = byId.get(id);
			const visit = plan!.schedule.find((v) => v.id === id);
			if (!stop || !visit) continue;
			seen.add(id);
			visits.push({
				number: ++number,
				day: day.day,
				date: dateOf(day.day),
				arrive: visit.arrive,
				leave: visit.leave,
				wait_min: visit.wait_min,
				leg: day.legs.find((l) => l.to === id) ?? null,
				stop
			});
		}
		return {
			day: day.day,
			date: dateOf(day.day),
			depart: day.depart,
			back: day.back,
			km: day.total_km,
			drive_min: day.total_min,
			visits,
			// Plans stored before the flexible lunch and the nights away have neither.
			lunch: day.lunch ?? null,
			night: day.night ?? null,
			geometry: day.geometry ?? null,
			// The way back home, or to the night's place when the trip sleeps in the area.
			back_leg: day.legs.at(-1) ?? null
		};
	});
	const reasons = new Map((plan?.unplanned_reasons ?? []).map((u) => [u.id, u.reason]));
	const unplanned = stops
		.filter((s) => !seen.has(String(s.id)))
		.map((stop) => ({ stop, reason: reasons.get(String(stop.id)) ?? 'pas encore planifiée : ré-optimisez la tournée' }));
	return { days, unplanned, total_km: plan?.total_km ?? 0, drive_min: plan?.total_min ?? 0 };
}

/**
 * What the trips list, the trip page and the roadmap count: visits placed on a day by the plan,
 * and structures of the trip no day holds (listed with why). The list counts the same from the
 * stops' stored day (server/queries/trips `listTrips`), which each plan writes.
 */
export function roadmapCounts(roadmap: Pick<Roadmap<unknown>, 'days' | 'unplanned'>): { planned: number; to_plan: number } {
	return { planned: roadmap.days.reduce((sum, d) => sum + d.visits.length, 0), to_plan: roadmap.unplanned.length };
}

/** « 5 visites planifiées · 2 à planifier », the same words wherever a trip is counted. */
export function countsLabel(counts: { planned: number; to_plan: number }): string {
	const planned = `${counts.planned} visite${counts.planned > 1 ? 's' : ''} planifiée${counts.planned > 1 ? 's' : ''}`;
	return counts.to_plan > 0 ? `${planned} · ${counts.to_plan} à planifier` : planned;
}

/** How lunch falls in a day, in the officer's words. */
export function lunchLabel(lunch: TripLunch): string {
	const where = lunch.at_base ? 'au point de départ ou d’arrivée' : lunch.en_route ? 'en route' : 'sur place, avant la visite';
	return `Déjeuner ${lunch.start}–${lunch.end} (${where})`;
}

/** The numbered points of the map of a trip (visits with a location), in visiting order;
 * `showDone` greys visits already reported (the trip page; the printed roadmap shows all alike). */
export function roadmapMarkers<S extends { id: number; nom: string; lon: number | null; lat: number | null; status: string }>(
	roadmap: Roadmap<S>,
	showDone: boolean
) {
	return roadmap.days.flatMap((d) =>
		d.visits
			.filter((v) => v.stop.lon !== null && v.stop.lat !== null)
			.map((v) => ({
				id: v.stop.id,
				number: v.number,
				day: v.day,
				nom: v.stop.nom,
				lon: v.stop.lon!,
				lat: v.stop.lat!,
				done: showDone && v.stop.status !== 'prevu'
			}))
	);
}

/**
 * The dates of a new trip of `stops` visits made from the map (the « tournée des suivis »): from
 * `today`, or the Monday after when today is a weekend, over enough working days at `perDay`
 * visits a day, `MAX_DAYS` at most. The officer changes them on the trip's page.
 */
export function tripSpan(today: string, stops: number, perDay: number): { date_start: string; date_end: string } {
	let start = today;
	while (isWeekend(start)) start = addDays(start, 1);
	const days = Math.min(MAX_DAYS, Math.max(1, Math.ceil(stops / Math.max(1, perDay))));
	let end = start;
	while (tripDates(start, end).length < days) end = addDays(end, 1);
	return { date_start: start, date_end: end };
}

/** Visits a default day holds: its hours less the lunch break, each visit half as long again for the road. */
export function defaultVisitsPerDay(): number {
	const clock = (text: string) => parseClock(text) ?? 0;
	const minutes = clock(DEFAULT_DAY.end) - clock(DEFAULT_DAY.start) - DEFAULT_DAY.lunch_min;
	return Math.max(1, Math.floor(minutes / (DEFAULT_VISIT_MIN * 1.5)));
}

function isWeekend(date: string): boolean {
	const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
	return weekday === 0 || weekday === 6;
}
