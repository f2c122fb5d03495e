// Jobs of the ESS structures, estimated from their SIRENE size bands. A band is a range
// (« 10 à 19 salariés »), so the honest figure is a range too: the sum of the lower bounds and
// the sum of the upper bounds. The last band (10 000 and more) has no upper bound: the range is
// then open. Employers without a band are counted apart rather than guessed.
import { trancheOf } from '../tranches';

export interface JobEstimate {
	/** Sum of the lower bounds of the bands. */
	min: number;
	/** Sum of the upper bounds; null when a band has no upper bound (open range). */
	max: number | null;
	/** Structures whose band gives a headcount (00 included). */
	structures_with_band: number;
	/** Employer structures without a usable band (NN, empty or unknown code). */
	employers_without_band: number;
}

/** `counts`: structures per size band code, with whether they are employers. */
export function estimateJobs(counts: readonly { tranche: string | null; employeur: boolean | null; structures: number }[]): JobEstimate {
	let min = 0;
	let max: number | null = 0;
	let withBand = 0;
	let withoutBand = 0;
	for (const row of counts) {
		if (!Number.isInteger(row.structures) || row.structures < 0)
			throw new RangeError(`structures : entier positif ou nul attendu, reçu ${row.structures}`);
		const band = trancheOf(row.tranche);
		if (!band || band.min === null) {
			if (row.employeur) withoutBand += row.structures;
			continue;
		}
		withBand += row.structures;
		min += band.min * row.structures;
		if (max !== null) max = band.max === null ? (row.structures > 0 ? null : max) : max + band.max * row.structures;
	}
	return { min, max, structures_with_band: withBand, employers_without_band: withoutBand };
}
