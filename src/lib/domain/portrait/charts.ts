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

export function yearChartRows(
	years: readonly { year: number; accompaniments: number; reference_accompaniments: number }[],
	withReference: boolean
): ChartRow[] {
	return years.map((y) => ({
		label: String(y.year),
		values: [y.accompaniments],
		texts: [
			withReference
				? `${formatInteger(y.accompaniments)} (dép. ${formatInteger(y.reference_accompaniments)})`
				: formatInteger(y.accompaniments)
		]
	}));
}
