// What every format does with its rows: validate a candidate record against its schema with the
// source's column names in the errors, reject the rows a reader could not trust, and refuse a
// second row for a record already read.
import type { z } from 'zod';
import { headerKey } from './detect';
import { rejection, type RowOutcome, type RowResult, type SourceRow } from './types';

/** The source column a schema field came from, for the rejected-rows report. */
export type ColumnOf = (field: string) => string | null;

export function validateRow<S extends z.ZodType>(schema: S, input: unknown, line: number, columnOf: ColumnOf): RowResult<z.output<S>> {
	const parsed = schema.safeParse(input);
	if (parsed.success) return { ok: true, value: parsed.data };
	return {
		ok: false,
		errors: parsed.error.issues.map((issue) => ({ line, column: columnOf(String(issue.path[0] ?? '')), reason: issue.message }))
	};
}

/** The identity of a record within one file, to report duplicates. */
export interface DuplicateKey {
	key: string;
	column: string | null;
	/** How the user names it: « SIRET 12345678900011 ». */
	label: string;
}

/**
 * Maps each row, rejecting the rows the reader flagged and the duplicates of a key already seen.
 * Only keys are remembered, so memory grows with accepted records, never with the file's bytes.
 */
export async function* mapRows<T>(
	rows: AsyncIterable<SourceRow>,
	map: (record: Record<string, string>, line: number) => RowResult<T>,
	keyOf?: (value: T) => DuplicateKey | null
): AsyncGenerator<RowOutcome<T>> {
	const firstLineOf = new Map<string, number>();
	for await (const row of rows) {
		if (row.problem) {
			yield { line: row.line, raw: row.record, result: rejection(row.line, null, row.problem) };
			continue;
		}
		let result = map(row.record, row.line);
		if (keyOf && 'ok' in result && result.ok) {
			const duplicate = keyOf(result.value);
			if (duplicate) {
				const first = firstLineOf.get(duplicate.key);
				if (first === undefined) firstLineOf.set(duplicate.key, row.line);
				else result = rejection(row.line, duplicate.column, `doublon : ${duplicate.label} déjà présent ligne ${first}`);
			}
		}
		yield { line: row.line, raw: row.record, result };
	}
}

/** Renames the columns of a row to their canonical spelling, when the file spells them otherwise. */
export function canonicalRecord(record: Record<string, string>, rename: Map<string, string>): Record<string, string> {
	if (rename.size === 0) return record;
	const out: Record<string, string> = {};
	for (const key in record) out[rename.get(key) ?? key] = record[key];
	return out;
}

/** File columns spelled otherwise than expected (case, accents, spaces) → the expected spelling. */
export function renameColumns(headers: string[], names: readonly string[]): Map<string, string> {
	const canonical = new Map(names.map((name) => [headerKey(name), name]));
	const rename = new Map<string, string>();
	for (const header of headers) {
		const name = canonical.get(headerKey(header));
		if (name && name !== header) rename.set(header, name);
	}
	return rename;
}

/** Field → the header of the file that holds it: the field's own name or a synonym, compared folded. */
export function fieldColumns<F extends string>(
	fields: readonly F[],
	headers: string[],
	synonyms: Partial<Record<F, string[]>>
): Map<F, string> {
	const byKey = new Map(headers.map((header) => [headerKey(header), header]));
	const columns = new Map<F, string>();
	for (const field of fields) {
		for (const name of [field, ...(synonyms[field] ?? [])]) {
			const header = byKey.get(headerKey(name));
			if (header) {
				columns.set(field, header);
				break;
			}
		}
	}
	return columns;
}
