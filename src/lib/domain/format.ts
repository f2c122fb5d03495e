// French formatting of figures and dates for texts written by the application (territory
// summaries, score explanations, exports). Everything goes through Intl so that the separators
// are those of CLDR fr-FR: narrow no-break space (U+202F) between thousands, decimal comma,
// no-break space (U+00A0) before « % » and « € ». A missing figure shows as an em dash, never
// as 0, so that « unknown » and « none » stay distinct. The words that go with figures and place
// names (agreement, « de »/« d’ »/« du ») live here too, for the summaries and the demo names.

export const NARROW_NO_BREAK_SPACE = '\u202f';
export const NO_BREAK_SPACE = '\u00a0';
export const MISSING = '—';

type Figure = number | null | undefined;

const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimalFormats = new Map<number, Intl.NumberFormat>();
const percentFormats = new Map<number, Intl.NumberFormat>();
const euroFormat = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
// Calendar dates (ISO strings) carry no time zone: read them in UTC so that 2026-11-28 stays the
// 28th wherever the server runs. Instants (Date objects) are shown as the DLA lives them.
const calendarDateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const instantDateFormat = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Paris' });
const ISO_CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isMissing(value: Figure): value is null | undefined {
	return value === null || value === undefined || Number.isNaN(value);
}

/** Formats are costly to build and the summaries ask for the same few precisions. */
function cachedFormat(cache: Map<number, Intl.NumberFormat>, digits: number, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	let format = cache.get(digits);
	if (!format) {
		format = new Intl.NumberFormat('fr-FR', { ...options, minimumFractionDigits: 0, maximumFractionDigits: digits });
		cache.set(digits, format);
	}
	return format;
}

/** 1234567 → « 1 234 567 » (U+202F), rounded to the unit. */
export function formatInteger(value: Figure): string {
	return isMissing(value) ? MISSING : integerFormat.format(value);
}

/** 3.56 → « 3,6 »; trailing zeros are dropped (14.0 → « 14 »). */
export function formatDecimal(value: Figure, fractionDigits = 1): string {
	return isMissing(value) ? MISSING : cachedFormat(decimalFormats, fractionDigits, {}).format(value);
}

/** A ratio as a percentage: 0.0357 → « 3,6 % », 0.14 → « 14 % » (U+00A0 before %). */
export function formatPercent(ratio: Figure, fractionDigits = 1): string {
	return isMissing(ratio) ? MISSING : cachedFormat(percentFormats, fractionDigits, { style: 'percent' }).format(ratio);
}

/** 12500 → « 12 500 € ». */
export function formatEuros(value: Figure): string {
	return isMissing(value) ? MISSING : euroFormat.format(value);
}

/** Road-sign precision: a decimal under 10 km (« 2,4 km »), whole kilometres beyond (« 18 km »). */
export function formatKm(km: Figure): string {
	if (isMissing(km)) return MISSING;
	return `${km < 10 ? formatDecimal(km, 1) : formatInteger(km)}${NO_BREAK_SPACE}km`;
}

/** « 2026-11-28 » or a Date → « 28 nov. 2026 ». An unreadable string is a programming error. */
export function formatDate(value: string | Date | null | undefined): string {
	if (value === null || value === undefined) return MISSING;
	if (value instanceof Date) return instantDateFormat.format(value);
	if (!ISO_CALENDAR_DATE.test(value) || Number.isNaN(Date.parse(value)))
		throw new RangeError(`date ISO attendue (AAAA-MM-JJ) : « ${value} »`);
	return calendarDateFormat.format(new Date(`${value}T00:00:00Z`));
}

// ---------------------------------------------------------------- words around figures and names

/** French takes the plural from 2 on (« 1,5 structure », « 2 structures »). */
export function isPlural(n: number): boolean {
	return Math.abs(n) >= 2;
}

export function agree(n: number, singular: string, plural: string): string {
	return isPlural(n) ? plural : singular;
}

/** « 1 structure », « 84 structures », « 1 234 structures ». */
export function countOf(n: number, singular: string, plural: string): string {
	return `${formatInteger(n)} ${agree(n, singular, plural)}`;
}

/** « A », « A et B », « A, B et C ». */
export function joinFrench(items: readonly string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

const STARTS_WITH_VOWEL = /^[aeiouyàâäéèêëîïôöûüh]/i;

/** « de Metz », « d’Amnéville », « du Ban-Saint-Martin », « des Étangs », « de La Maxe ». */
export function deLieu(nom: string): string {
	if (nom.startsWith('Le ')) return `du ${nom.slice(3)}`;
	if (nom.startsWith('Les ')) return `des ${nom.slice(4)}`;
	if (/^(La |L'|L’)/.test(nom)) return `de ${nom}`;
	return STARTS_WITH_VOWEL.test(nom) ? `d’${nom}` : `de ${nom}`;
}

// Calendar dates (ISO `YYYY-MM-DD`) read at noon UTC, so that no time zone moves them to the day before.
const noon = (iso: string) => new Date(`${iso}T12:00:00Z`);

/** « mardi 1 décembre 2026 » (trip headers, roadmap). */
export function formatLongDate(iso: string): string {
	return noon(iso).toLocaleDateString('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** « mar. 1 déc. 2026 » (trip lists). */
export function formatMediumDate(iso: string): string {
	return noon(iso).toLocaleDateString('fr-FR', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** « 01/12/2026 », or `none` when there is no date (« jamais » for a last contact). */
export function formatShortDate(iso: string | null, none = 'jamais'): string {
	return iso ? noon(iso).toLocaleDateString('fr-FR') : none;
}
