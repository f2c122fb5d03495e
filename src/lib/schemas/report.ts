// The year of the annual activity report (`?annee=YYYY`, the current year when absent).
import { z } from 'zod';

export const reportYearSchema = z.coerce
	.number({ error: 'année attendue (AAAA)' })
	.int('année attendue (AAAA)')
	.min(2000, 'année entre 2000 et 2100 attendue')
	.max(2100, 'année entre 2000 et 2100 attendue');

/** The report's year from the query string, or the year of `today` when none is given. */
export function parseReportYear(params: URLSearchParams, today: string): ReturnType<typeof reportYearSchema.safeParse> {
	const raw = params.get('annee')?.trim();
	return reportYearSchema.safeParse(raw ? raw : today.slice(0, 4));
}
