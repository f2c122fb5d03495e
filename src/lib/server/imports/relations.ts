// Relations between actors from a CSV or XLSX: one relation per row, naming both actors by SIRET,
// RNA number or Maillage id, with its type and optional dates. The actors are resolved in the
// database phase (server/relation-import.ts).
import { relationImportSchema, type RelationImport } from '../../schemas/relation';
import { ImportFileError } from './errors';
import { openTable, type OpenTableOptions } from './open';
import { fieldColumns, mapRows, validateRow, type DuplicateKey } from './rows';
import type { ImportSource, RowOutcome, RowResult } from './types';

type RelationField = keyof typeof relationImportSchema.shape;

const SYNONYMS: Partial<Record<RelationField, string[]>> = {
	de: ['source', 'acteur', 'acteur source', 'identifiant source', 'siret source'],
	vers: ['cible', 'acteur lié', 'acteur cible', 'identifiant cible', 'siret cible'],
	type: ['relation', 'type de relation', 'lien'],
	date_debut: ['début', 'depuis', 'date début'],
	date_fin: ['fin', 'jusqu’au', "jusqu'au", 'date fin']
};

export function relationColumns(headers: string[]): Map<RelationField, string> {
	return fieldColumns(Object.keys(relationImportSchema.shape) as RelationField[], headers, SYNONYMS);
}

export function mapRelationRow(
	record: Record<string, string>,
	line: number,
	columns: Map<RelationField, string>
): RowResult<RelationImport> {
	const input: Record<string, string> = {};
	for (const [field, header] of columns) input[field] = record[header];
	const result = validateRow(relationImportSchema, input, line, (field) => columns.get(field as RelationField) ?? field);
	if ('ok' in result && result.ok && result.value.de.value === result.value.vers.value && result.value.de.by === result.value.vers.by)
		return { ok: false, errors: [{ line, column: columns.get('vers')!, reason: 'vers : un acteur ne peut être lié à lui-même' }] };
	return result;
}

function relationKey(r: RelationImport): DuplicateKey {
	const key = `${r.de.by}:${r.de.value}>${r.type}>${r.vers.by}:${r.vers.value}`;
	return { key, column: null, label: `relation ${r.de.value} ${r.type} ${r.vers.value}` };
}

/** Reads a relations file, streaming. */
export async function* readRelationsFile(source: ImportSource, options: OpenTableOptions = {}): AsyncGenerator<RowOutcome<RelationImport>> {
	const table = await openTable(source, options);
	const columns = relationColumns(table.headers);
	const missing = (['de', 'vers', 'type'] as const).filter((field) => !columns.has(field));
	if (missing.length) {
		await table.close();
		throw new ImportFileError(
			`${options.fileName ? `« ${options.fileName} »` : 'le fichier'} : colonne ${missing.join(', ')} absente (fichier de relations attendu : de ; vers ; type ; date_debut ; date_fin)`
		);
	}
	yield* mapRows(table.rows, (record, line) => mapRelationRow(record, line, columns), relationKey);
}
