// The vocabulary of the import pipeline: rows read from a file, what became of each, and the
// run summary. Phase 1 reads and validates; the database phase upserts the accepted values and
// fills the counts it alone knows (imported, updated, unchanged).
import type { Readable } from 'node:stream';

/** A file path, the bytes of an upload, or a stream of them. Only a path can be read twice. */
export type ImportSource = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

/** One data row of a table, by header name, with the physical line (or sheet row) where it starts. */
export interface SourceRow {
	line: number;
	record: Record<string, string>;
	/**
	 * Why the reader cannot trust the row as a whole (values beyond the last column, undecodable
	 * characters, a non-point geometry): the row is rejected with it before any mapping.
	 */
	problem?: string;
}

export interface RowError {
	line: number;
	/** The column of the source file at fault; null when the whole row is. */
	column: string | null;
	reason: string;
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; errors: RowError[] } | { skipped: string };

/** What became of one row: the row as read (for the rejected-rows report) and its result. */
export interface RowOutcome<T> {
	line: number;
	raw: Record<string, string>;
	result: RowResult<T>;
}

export function isSkipped<T>(result: RowResult<T>): result is { skipped: string } {
	return 'skipped' in result;
}

export function isRejected<T>(result: RowResult<T>): result is { ok: false; errors: RowError[] } {
	return 'ok' in result && !result.ok;
}

export function isAccepted<T>(result: RowResult<T>): result is { ok: true; value: T } {
	return 'ok' in result && result.ok;
}

export function rejection<T>(line: number, column: string | null, reason: string): RowResult<T> {
	return { ok: false, errors: [{ line, column, reason }] };
}

/** The formats the importer recognises (see detect.ts). */
export const IMPORT_FORMATS = ['sirene', 'sirene_unite_legale', 'rna', 'accompaniments', 'relations', 'geojson', 'csv', 'xlsx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The counts of an import run, stored in import_run.summary. */
export interface ImportSummary {
	/** Data rows read from the file. */
	read: number;
	/** Rows written as new records (database phase). */
	imported: number;
	/** Rows that changed an existing record (database phase). */
	updated: number;
	/** Rows identical to the record already there (database phase). */
	unchanged: number;
	/** Rows deliberately left out (closed, outside the territory, outside the ESS…). */
	skipped: number;
	/** Rows refused with a reason the user can fix. */
	rejected: number;
	/** Skipped rows by reason, e.g. { 'hors territoire': 81234, 'fermé': 5120 }. */
	skippedByReason: Record<string, number>;
}

export function emptySummary(): ImportSummary {
	return { read: 0, imported: 0, updated: 0, unchanged: 0, skipped: 0, rejected: 0, skippedByReason: {} };
}

/** Counts one outcome as read, skipped or rejected; accepted rows wait for the database phase. */
export function countOutcome<T>(summary: ImportSummary, result: RowResult<T>): void {
	summary.read++;
	if (isSkipped(result)) {
		summary.skipped++;
		summary.skippedByReason[result.skipped] = (summary.skippedByReason[result.skipped] ?? 0) + 1;
	} else if (!result.ok) {
		summary.rejected++;
	}
}

/** Adds the counts of part of a file (read, skipped by reason, rejected) to the run's summary. */
export function addCounts(summary: ImportSummary, counts: ImportSummary): void {
	summary.read += counts.read;
	summary.skipped += counts.skipped;
	summary.rejected += counts.rejected;
	for (const [reason, n] of Object.entries(counts.skippedByReason))
		summary.skippedByReason[reason] = (summary.skippedByReason[reason] ?? 0) + n;
}
