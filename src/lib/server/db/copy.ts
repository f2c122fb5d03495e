// Bulk loading with COPY, on both backends, inside whatever transaction the caller holds: the
// statement goes through Kysely like any other, marked, with its data as the single parameter;
// each backend's connection (client.ts, pglite-dialect.ts) recognises the mark and streams the
// data: `pg-copy-streams` on the server, a Blob read as '/dev/blob' on PGlite.
import { sql, type QueryExecutorProvider } from 'kysely';

const MARK = '/*maillage:copy*/ ';

/** Loads rows in PostgreSQL's COPY text format (see copyLine), or CSV, into `table (columns)`. */
export async function copyRows(
	db: QueryExecutorProvider,
	table: string,
	columns: readonly string[],
	data: string,
	format: 'text' | 'csv' = 'text'
): Promise<void> {
	if (!data) return;
	await sql`${sql.raw(MARK)}COPY ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c)))}) FROM STDIN (FORMAT ${sql.raw(format)}) ${data}`.execute(
		db
	);
}

/** A marked COPY as compiled by Kysely → the statement without its data parameter, and the data. */
export function markedCopy(statement: string, parameters: readonly unknown[]): { statement: string; data: string } | null {
	if (!statement.startsWith(MARK)) return null;
	return { statement: statement.slice(MARK.length).replace(/\s*\$1\s*$/, ''), data: String(parameters[0]) };
}

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
export function copyValue(value: unknown): string {
	if (value === null || value === undefined) return '\\N';
	const text = typeof value === 'boolean' ? (value ? 't' : 'f') : typeof value === 'object' ? JSON.stringify(value) : String(value);
	return /[\\\t\n\r]/.test(text)
		? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
		: text;
}

/** One row in COPY's text format, line break included. */
export function copyLine(values: readonly unknown[]): string {
	let line = '';
	for (let i = 0; i < values.length; i++) line += (i ? '\t' : '') + copyValue(values[i]);
	return line + '\n';
}
