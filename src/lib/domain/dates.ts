// Calendar dates as they arrive in SIRENE, RNA and the team's spreadsheets, turned into ISO
// `YYYY-MM-DD` strings (the form the database stores). Strict on purpose: a 31/02/2024 typed in a
// tracking sheet must come back to the user rather than silently become 2 March.

export type DatePrecision = 'jour' | 'mois' | 'annee';
export type DateParse = { ok: true; value: string; precision: DatePrecision } | { ok: false; reason: string };

/** Oldest and latest plausible years: older ones are typos (0224) or placeholders (RNA 0001-01-01). */
export const MIN_YEAR = 1800;
export const MAX_YEAR = 2100;

// Compiled once: this runs for every dated cell of 100,000-row files.
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const FRENCH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const SHORT_YEAR_DATE = /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/;
const YEAR_MONTH = /^(\d{4})-(\d{1,2})$/;
const YEAR_ONLY = /^(\d{4})$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
	return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

function pad2(n: number): string {
	return n < 10 ? `0${n}` : String(n);
}

function calendarDate(raw: string, year: number, month: number, day: number, precision: DatePrecision): DateParse {
	if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: `« ${raw} » : année ${year} hors de ${MIN_YEAR}–${MAX_YEAR}` };
	if (month < 1 || month > 12) return { ok: false, reason: `« ${raw} » : mois ${month} invalide` };
	if (day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: `« ${raw} » n’existe pas dans le calendrier` };
	return { ok: true, value: `${year}-${pad2(month)}-${pad2(day)}`, precision };
}

/**
 * Parses `YYYY-MM-DD` (a time part is ignored), `dd/mm/yyyy` (also with `.` or `-`), and the
 * partial `YYYY-MM` and `YYYY` that SIRENE sometimes has; partial dates become the first day of
 * the month or year, with their precision so that a screen can show « 2019 » rather than 01/01/2019.
 */
export function parseDate(raw: string): DateParse {
	const text = raw.trim();
	let m = ISO_DATE.exec(text);
	if (m) return calendarDate(text, Number(m[1]), Number(m[2]), Number(m[3]), 'jour');
	m = FRENCH_DATE.exec(text);
	if (m) return calendarDate(text, Number(m[3]), Number(m[2]), Number(m[1]), 'jour');
	m = YEAR_MONTH.exec(text);
	if (m) return calendarDate(text, Number(m[1]), Number(m[2]), 1, 'mois');
	m = YEAR_ONLY.exec(text);
	if (m) return calendarDate(text, Number(m[1]), 1, 1, 'annee');
	if (SHORT_YEAR_DATE.test(text)) return { ok: false, reason: `« ${text} » : année sur 4 chiffres attendue (JJ/MM/AAAA)` };
	return { ok: false, reason: `« ${text} » : date non reconnue (attendu AAAA-MM-JJ ou JJ/MM/AAAA)` };
}

/** The ISO date, or null when the text is empty or not a valid date. */
export function toIsoDate(raw: string | null | undefined): string | null {
	if (!raw || !raw.trim()) return null;
	const parsed = parseDate(raw);
	return parsed.ok ? parsed.value : null;
}

/** The calendar day of a Date as ISO, read in UTC: spreadsheet dates carry no time zone. */
export function isoDateOfUtc(date: Date): string {
	return date.toISOString().slice(0, 10);
}
