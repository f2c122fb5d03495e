// Calendar arithmetic on ISO `YYYY-MM-DD` days, the form the database returns dates in. Days are
// counted in UTC so that a change of daylight saving time never makes a day of 23 or 25 hours.

const DAY_MS = 86_400_000;

function utc(iso: string): number {
	const [y, m, d] = iso.split('-').map(Number);
	return Date.UTC(y, m - 1, d);
}

function iso(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((utc(to) - utc(from)) / DAY_MS);
}

export function addDays(day: string, days: number): string {
	return iso(utc(day) + days * DAY_MS);
}

/**
 * The same day `months` later (or earlier, when negative); a day the target month lacks becomes
 * its last day: 31 August + 6 months is 28 (or 29) February, as a person counts.
 */
export function addMonths(day: string, months: number): string {
	const [y, m, d] = day.split('-').map(Number);
	const index = y * 12 + (m - 1) + months;
	const year = Math.floor(index / 12);
	const month = index - year * 12;
	const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	return iso(Date.UTC(year, month, Math.min(d, last)));
}

/** Today in the DLA's time zone (a follow-up is due on the officer's day, not on UTC's). */
export function todayIn(timeZone = 'Europe/Paris', now: Date = new Date()): string {
	// en-CA writes dates as YYYY-MM-DD.
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
