// SIRENE size bands (`trancheEffectifsEtablissement`, `trancheEffectifsUniteLegale`): the headcount
// at 31 December of the reference year, as a code (domain.md §2).

export interface TrancheEffectifs {
	code: string;
	label: string;
	/** Headcount range; null when INSEE does not know it. */
	min: number | null;
	max: number | null;
	/** Whether the unit employed someone during the reference year; null when unknown. */
	employeur: boolean | null;
}

export const TRANCHES_EFFECTIFS: readonly TrancheEffectifs[] = [
	{ code: 'NN', label: 'Non employeur ou effectif inconnu', min: null, max: null, employeur: false },
	// 00: nobody at 31/12, but employees during the year — still an employer for the DLA.
	{ code: '00', label: '0 salarié au 31/12 (employeur dans l’année)', min: 0, max: 0, employeur: true },
	{ code: '01', label: '1 ou 2 salariés', min: 1, max: 2, employeur: true },
	{ code: '02', label: '3 à 5 salariés', min: 3, max: 5, employeur: true },
	{ code: '03', label: '6 à 9 salariés', min: 6, max: 9, employeur: true },
	{ code: '11', label: '10 à 19 salariés', min: 10, max: 19, employeur: true },
	{ code: '12', label: '20 à 49 salariés', min: 20, max: 49, employeur: true },
	{ code: '21', label: '50 à 99 salariés', min: 50, max: 99, employeur: true },
	{ code: '22', label: '100 à 199 salariés', min: 100, max: 199, employeur: true },
	{ code: '31', label: '200 à 249 salariés', min: 200, max: 249, employeur: true },
	{ code: '32', label: '250 à 499 salariés', min: 250, max: 499, employeur: true },
	{ code: '41', label: '500 à 999 salariés', min: 500, max: 999, employeur: true },
	{ code: '42', label: '1 000 à 1 999 salariés', min: 1000, max: 1999, employeur: true },
	{ code: '51', label: '2 000 à 4 999 salariés', min: 2000, max: 4999, employeur: true },
	{ code: '52', label: '5 000 à 9 999 salariés', min: 5000, max: 9999, employeur: true },
	{ code: '53', label: '10 000 salariés et plus', min: 10000, max: null, employeur: true }
];

const BY_CODE = new Map(TRANCHES_EFFECTIFS.map((t) => [t.code, t]));

/**
 * `01`, `1` (a spreadsheet dropped the leading zero), `nn` → the band code; null when empty.
 * Returns the trimmed text unchanged when it is no band, so that a validator can name it.
 */
export function normalizeTranche(raw: string | null | undefined): string | null {
	const text = (raw ?? '').trim().toUpperCase();
	if (text === '') return null;
	const code = text.length === 1 ? `0${text}` : text;
	return BY_CODE.has(code) ? code : text;
}

export function trancheOf(code: string | null | undefined): TrancheEffectifs | null {
	return code ? (BY_CODE.get(code) ?? null) : null;
}

export function trancheLabel(code: string | null | undefined): string | null {
	return trancheOf(code)?.label ?? null;
}

export function isEmployerTranche(code: string | null | undefined): boolean | null {
	return trancheOf(code)?.employeur ?? null;
}

/** The band of a known headcount (a spreadsheet's « Effectif : 12 »). */
export function trancheOfHeadcount(headcount: number): string | null {
	if (!Number.isInteger(headcount) || headcount < 0) return null;
	// A sheet's 0 says nothing about employees earlier in the year, which 00 would claim.
	if (headcount === 0) return 'NN';
	for (const tranche of TRANCHES_EFFECTIFS) {
		if (tranche.min === null || tranche.max === 0) continue;
		if (headcount >= tranche.min && (tranche.max === null || headcount <= tranche.max)) return tranche.code;
	}
	return null;
}
