// French number formatting for the UI (narrow no-break spaces, decimal comma).
const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

export function formatInteger(value: number | null | undefined): string {
	return value === null || value === undefined ? '—' : integer.format(value);
}

export function formatDecimal(value: number | null | undefined): string {
	return value === null || value === undefined ? '—' : oneDecimal.format(value);
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
