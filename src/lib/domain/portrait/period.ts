// The period of a portrait: whole years, `?de=2023&a=2025`; by default the last three years
// (the current one included), as the DLA reports its activity.
import { z } from 'zod';
import { normaliseQueryNames } from '../../schemas/query-names';
import { DEFAULT_GAP_CONFIG } from '../gaps/config';

/** The same default as the gap analysis (data/gaps.json, `period.years`). */
export const DEFAULT_PERIOD_YEARS = DEFAULT_GAP_CONFIG.period.years;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export interface Period {
	from: number;
	to: number;
}

const year = (name: string) =>
	z.coerce
		.number({ error: `${name} : année attendue` })
		.int(`${name} : année attendue`)
		.min(MIN_YEAR, `${name} : année entre ${MIN_YEAR} et ${MAX_YEAR}`)
		.max(MAX_YEAR, `${name} : année entre ${MIN_YEAR} et ${MAX_YEAR}`);

export type PeriodParse = { ok: true; period: Period } | { ok: false; field: 'de' | 'a'; message: string };

/**
 * Reads `de` and `a` (or their old names `from` and `to`; either may be absent); a period that
 * ends before it starts is refused. Messages name the parameter as the URL wrote it.
 */
export function parsePeriod(query: URLSearchParams, today: Date = new Date()): PeriodParse {
	const { params, asWritten } = normaliseQueryNames(query);
	const rawTo = params.get('a');
	const rawFrom = params.get('de');
	const to = rawTo === null || rawTo === '' ? { success: true as const, data: today.getFullYear() } : year(asWritten('a')).safeParse(rawTo);
	if (!to.success) return { ok: false, field: 'a', message: to.error.issues[0].message };
	const from =
		rawFrom === null || rawFrom === ''
			? { success: true as const, data: to.data - DEFAULT_PERIOD_YEARS + 1 }
			: year(asWritten('de')).safeParse(rawFrom);
	if (!from.success) return { ok: false, field: 'de', message: from.error.issues[0].message };
	if (from.data > to.data)
		return { ok: false, field: 'de', message: `${asWritten('de')} : la période commence (${from.data}) après sa fin (${to.data})` };
	return { ok: true, period: { from: from.data, to: to.data } };
}

/** « 2024 » or « 2023-2025 », the way periods are written under the figures. */
export function periodLabel(period: Period): string {
	return period.from === period.to ? String(period.from) : `${period.from}–${period.to}`;
}

export function periodYears(period: Period): number[] {
	return Array.from({ length: period.to - period.from + 1 }, (_, i) => period.from + i);
}
