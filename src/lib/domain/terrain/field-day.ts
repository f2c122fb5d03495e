// The field view of a trip (issue 18): the day an officer is living, read from the trip's
// roadmap — which day is today's, the next visit first, then the other visits still to make, the
// ones already reported last.
import type { Roadmap, RoadmapDay, RoadmapVisit } from '../trips/roadmap';

export interface FieldDay<S> {
	day: RoadmapDay<S>;
	/** False when the trip has no visit planned today: the day shown is the next one (or the last). */
	today: boolean;
	/** The first visit still to make, in the planned order; null when all are reported. */
	next: RoadmapVisit<S> | null;
	/** The other visits still to make, in order. */
	later: RoadmapVisit<S>[];
	/** Visits already reported (made or not met), in order. */
	reported: RoadmapVisit<S>[];
}

/**
 * The day of the trip to show on `date` (ISO): that day when the trip visits on it, otherwise the
 * next day it visits, otherwise its last day; null when nothing is planned at all.
 */
export function fieldDay<S extends { status: string }>(roadmap: Roadmap<S>, date: string): FieldDay<S> | null {
	const days = roadmap.days.filter((d) => d.visits.length > 0);
	if (!days.length) return null;
	const day = days.find((d) => d.date === date) ?? days.find((d) => d.date > date) ?? days[days.length - 1];
	const toMake = day.visits.filter((v) => v.stop.status === 'prevu');
	return {
		day,
		today: day.date === date,
		next: toMake[0] ?? null,
		later: toMake.slice(1),
		reported: day.visits.filter((v) => v.stop.status !== 'prevu')
	};
}
