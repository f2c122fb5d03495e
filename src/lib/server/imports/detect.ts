// Which kind of file this is, from its header: a SIRENE extract, an RNA file, the DLA's
// accompaniments, or any other table that needs a column mapping.
import { foldText } from '../../schemas/fields';
import type { ImportFormat } from './types';

/** Header names compared without case, accents or punctuation (« Code postal » = « code_postal »). */
export function headerKey(header: string): string {
	return foldText(header);
}

function hasAll(keys: Set<string>, names: string[]): boolean {
	return names.every((name) => keys.has(headerKey(name)));
}

function hasAny(keys: Set<string>, names: string[]): boolean {
	return names.some((name) => keys.has(headerKey(name)));
}

/** The format of a table from its header names; `fallback` when it is no known format. */
export function detectTableFormat(headers: string[], fallback: 'csv' | 'xlsx'): ImportFormat {
	const keys = new Set(headers.map(headerKey));
	if (
		hasAll(keys, ['siret']) &&
		hasAny(keys, ['codeCommuneEtablissement', 'etatAdministratifEtablissement', 'libelleCommuneEtablissement'])
	)
		return 'sirene';
	if (
		hasAll(keys, ['siren']) &&
		!keys.has('siret') &&
		hasAny(keys, ['categorieJuridiqueUniteLegale', 'denominationUniteLegale', 'economieSocialeSolidaireUniteLegale'])
	) {
		return 'sirene_unite_legale';
	}
	if (hasAll(keys, ['id', 'titre', 'adrs_codeinsee'])) return 'rna';
	if (hasAll(keys, ['stage']) && hasAny(keys, ['siret', 'actor_id'])) return 'accompaniments';
	// Relations between actors (imports/relations.ts): two identifiers and a type.
	if (hasAll(keys, ['de', 'vers', 'type'])) return 'relations';
	return fallback;
}

/** Finds the header of a file for a column name, whatever its case and accents. */
export function headerLookup(headers: string[]): (name: string) => string | undefined {
	const byKey = new Map<string, string>();
	for (const header of headers) if (!byKey.has(headerKey(header))) byKey.set(headerKey(header), header);
	return (name) => byKey.get(headerKey(name));
}
