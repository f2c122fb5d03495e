// Finding a sector by the words people use: « culture » finds « Arts, spectacles & patrimoine »,
// « handicapées » finds the sectors that list « handicap » (data/sectors.json `synonyms`).
// Accents, case and punctuation do not count.

export interface SearchableSector {
	code: string;
	label: string;
	synonyms?: readonly string[];
}

/** « Hébergement & Restauration » → « hebergement restauration ». */
export function foldForSearch(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLocaleLowerCase('fr-FR')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

// Small words a query may carry (« aide à domicile », « accueil de jour ») that say nothing.
const STOP_WORDS = new Set(['a', 'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'pour', 'un', 'une']);

function wordsOf(text: string): string[] {
	return foldForSearch(text)
		.split(' ')
		.filter((w) => w && !STOP_WORDS.has(w));
}

/**
 * Whether each word of the query begins a word of the sector's label or synonyms, or (for a word
 * of 4 letters or more) begins with one of them: « sport » and « sportif » both find « sport ».
 * An empty query matches every sector.
 */
export function sectorMatches(sector: SearchableSector, query: string): boolean {
	const wanted = wordsOf(query);
	if (!wanted.length) return true;
	const words = [sector.label, ...(sector.synonyms ?? [])].flatMap(wordsOf);
	return wanted.every((w) => words.some((word) => word.startsWith(w) || (w.length >= 4 && word.length >= 4 && w.startsWith(word))));
}

/** The codes of the sectors a query finds, in the table's order. */
export function matchingSectors(sectors: readonly SearchableSector[], query: string): string[] {
	return sectors.filter((s) => sectorMatches(s, query)).map((s) => s.code);
}
