// Street addresses rebuilt from the split columns of SIRENE and the RNA.

// Street type codes of SIRENE (typeVoieEtablissement) and the RNA (adrs_typevoie), spelled out;
// a code not listed is kept as written.
const STREET_TYPES: Record<string, string> = {
	ALL: 'ALLÉE',
	AV: 'AVENUE',
	BD: 'BOULEVARD',
	CAR: 'CARREFOUR',
	CHE: 'CHEMIN',
	CHEM: 'CHEMIN',
	CHS: 'CHAUSSÉE',
	CITE: 'CITÉ',
	COR: 'CORNICHE',
	CRS: 'COURS',
	DOM: 'DOMAINE',
	DSC: 'DESCENTE',
	ECA: 'ÉCART',
	ESP: 'ESPLANADE',
	FG: 'FAUBOURG',
	GR: 'GRANDE RUE',
	HAM: 'HAMEAU',
	HLE: 'HALLE',
	IMP: 'IMPASSE',
	LD: 'LIEU-DIT',
	LOT: 'LOTISSEMENT',
	MAR: 'MARCHÉ',
	MTE: 'MONTÉE',
	PAS: 'PASSAGE',
	PL: 'PLACE',
	PLN: 'PLAINE',
	PLT: 'PLATEAU',
	PRO: 'PROMENADE',
	PRV: 'PARVIS',
	QUA: 'QUARTIER',
	QUAI: 'QUAI',
	R: 'RUE',
	RES: 'RÉSIDENCE',
	RLE: 'RUELLE',
	ROC: 'ROCADE',
	RPT: 'ROND-POINT',
	RTE: 'ROUTE',
	RUE: 'RUE',
	SEN: 'SENTIER',
	SQ: 'SQUARE',
	TPL: 'TERRE-PLEIN',
	TRA: 'TRAVERSE',
	VLA: 'VILLA',
	VLGE: 'VILLAGE'
};

// Repetition index after a street number (12 B → 12 BIS).
const REPETITIONS: Record<string, string> = { B: 'BIS', T: 'TER', Q: 'QUATER', C: 'QUINQUIES' };

export interface AddressParts {
	numero?: string;
	repetition?: string;
	typeVoie?: string;
	libelleVoie?: string;
	complement?: string;
	distribution?: string;
}

/** « 12 BIS AVENUE FOCH, BÂTIMENT A »; null when nothing is known. */
export function streetAddress(parts: AddressParts): string | null {
	const repetition = parts.repetition ? (REPETITIONS[parts.repetition.toUpperCase()] ?? parts.repetition) : '';
	const typeVoie = parts.typeVoie ? (STREET_TYPES[parts.typeVoie.toUpperCase()] ?? parts.typeVoie) : '';
	const street = [parts.numero, repetition, typeVoie, parts.libelleVoie].filter(Boolean).join(' ');
	const text = [street, parts.complement, parts.distribution].filter(Boolean).join(', ');
	return text === '' ? null : text;
}
