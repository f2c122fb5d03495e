// The order of a trip's stops between the database and the planner: the days the officer keeps,
// the stops no day lists yet, and the positions written back from a plan. Pure (the query module
// server/queries/trips.ts reads and writes; this decides).
/** Stored days, in stored order (stops sorted by position); stops on no day are left to the caller. */
export function groupByDay(stops: readonly { id: number; day: number | null }[]): number[][] {
	const maxDay = stops.reduce((max, s) => Math.max(max, s.day ?? 0), 0);
	const days: number[][] = Array.from({ length: maxDay }, () => []);
	for (const s of stops) if (s.day !== null) days[s.day - 1].push(s.id);
	return days;
}

/**
 * The days to keep when re-timing a trip: `days` when the officer gave them, else the stored ones;
 * the stops they leave out (new ones, or unplanned before) go to the end of the last day.
 */
export function keptDays(stops: readonly { id: number; day: number | null }[], days?: number[][]): number[][] {
	const order = days ?? groupByDay(stops);
	const listed = new Set(order.flat());
	const rest = stops.filter((s) => !listed.has(s.id)).map((s) => s.id);
	return order.length ? order.map((d, i) => (i === order.length - 1 ? [...d, ...rest] : d)) : [rest];
}

/** Each stop's position and day as a plan leaves them: planned stops in order, unplanned ones after, on no day. */
export function stopPositions(plan: {
	order: readonly string[];
	unplanned: readonly string[];
	schedule: readonly { id: string; day: number }[];
}): { id: number; position: number; day: number | null }[] {
	const dayOf = new Map(plan.schedule.map((v) => [v.id, v.day]));
	return [...plan.order, ...plan.unplanned].map((id, position) => ({ id: Number(id), position, day: dayOf.get(id) ?? null }));
}
