// Rows of the portrait's charts. Territory and département differ in size by orders of magnitude,
// so sectors and legal families compare shares (of each one's structures), with the counts
// written beside; accompaniments per year are counts of the territory, the département's in text.
import { formatInteger, formatPercent } from '../format';

export interface ChartRow {
	label: string;
	values: number[];
	texts: string[];
}

const share = (n: number, total: number) => (total > 0 ? n / total : 0);

/** Sectors with at least one structure in the territory (or the reference, for the département), the largest first. */
export function sectorChartRows(
	sectors: readonly { label: string; structures: number; reference_structures: number }[],
	withReference: boolean,
	limit = 10
): ChartRow[] {
	const total = sectors.reduce((sum, s) => sum + s.structures, 0);
	const referenceTotal = sectors.reduce((sum, s) => sum + s.reference_structures, 0);
	return sectors
		.filter((s) => s.structures > 0 || (withReference && s.reference_structures > 0))
		.slice(0, limit)
		.map((s) => {
			const values = [share(s.structures, total)];
			const texts = [`${formatPercent(values[0], 0)} (${formatInteger(s.structures)})`];
			if (withReference) {
				values.push(share(s.reference_structures, referenceTotal));
				texts.push(`${formatPercent(values[1], 0)} (${formatInteger(s.reference_structures)})`);
			}
			return { label: s.label, values, texts };
		});
}

export function familyChartRows(
	families: readonly { label: string; structures: number; reference_structures: number }[],
	withReference: boolean
): ChartRow[] {
	return sectorChartRows(families, withReference, families.length);
}

export interface YearCounts {
	year: number;
	/** Structures that reached a stage of their parcours in the year. */
	accompanied: number;
	/** Structures whose first stage within the period is in the year. */
	first_accompanied: number;
	reference_accompanied: number;
	reference_first_accompanied: number;
}

/** The series of the per-year chart, in the order of `yearChartRows`' values. */
export const YEAR_SERIES = ['Accompagnées dans l’année', 'dont nouvelles sur la période'] as const;

/**
 * Per year, in structures (the unit of the « structures accompagnées » card): those accompanied in
 * the year, and among them those new to the period — the second series adds up to the card.
 */
export function yearChartRows(years: readonly YearCounts[], withReference: boolean): ChartRow[] {
	return years.map((y) => ({
		label: String(y.year),
		values: [y.accompanied, y.first_accompanied],
		texts: [
			withReference ? `${formatInteger(y.accompanied)} (dép. ${formatInteger(y.reference_accompanied)})` : formatInteger(y.accompanied),
			formatInteger(y.first_accompanied)
		]
	}));
}

/**
 * How the per-year chart adds up to the card, in words: « Une structure compte dans chaque année
 * où elle a franchi une étape ; les nouvelles s’additionnent : 1 + 2 + 1 = 4 structures
 * accompagnées sur 2024–2026. »
 */
export function yearChartNote(years: readonly YearCounts[], periodText: string): string {
	const total = years.reduce((sum, y) => sum + y.first_accompanied, 0);
	const terms = years.map((y) => formatInteger(y.first_accompanied)).join(' + ');
	return `Une structure compte dans chaque année où elle a franchi une étape de son parcours ; les nouvelles (première étape de la période) s’additionnent : ${
		years.length > 1 ? `${terms} = ` : ''
	}${formatInteger(total)} structure${total > 1 ? 's' : ''} accompagnée${total > 1 ? 's' : ''} sur ${periodText}.`;
}
