// Clock times of a trip day. The API speaks « HH:MM »; the scheduler counts whole minutes since
// midnight, so that a visit shown as 14:00 really starts at 14:00 (no hidden seconds).

const CLOCK = /^\s*(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?\s*$/i;

/**
 * Minutes since midnight for « 14:00 », « 9:30 », « 14h », « 14h30 » (officers type all of
 * them); null when unreadable or out of 00:00–24:00. « 24:00 » is accepted as the end of a day.
 */
export function parseClock(text: string): number | null {
	const match = CLOCK.exec(text);
	if (!match) return null;
	const hours = Number(match[1]);
	const minutes = match[2] === undefined ? 0 : Number(match[2]);
	if (minutes > 59) return null;
	const total = hours * 60 + minutes;
	return total > 24 * 60 ? null : total;
}

/** « HH:MM » for minutes since midnight (rounded to the minute). */
export function formatClock(minutes: number): string {
	const rounded = Math.round(minutes);
	const h = Math.floor(rounded / 60);
	const m = rounded % 60;
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * Rounds a time up to the next whole minute. Arrival times are rounded up, never down, so the
 * schedule never promises an arrival before the car can get there; the epsilon keeps 14:00.0000001
 * (float noise from adding minutes) at 14:00.
 */
export function ceilMinute(minutes: number): number {
	return Math.ceil(minutes - 1e-9);
}
