// The rejected-rows report a user downloads after an import: a CSV that opens as is in a French
// Excel (UTF-8 with BOM, `;` separator, CRLF), one line per problem, with the original row so
// that it can be fixed and imported again.
import fs from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { stringify, type Stringifier } from 'csv-stringify';
import { countOutcome, isAccepted, isRejected, type ImportSummary, type RowOutcome } from './types';

export interface Rejection {
	line: number;
	column: string | null;
	reason: string;
	/** The row as read, or its raw text. */
	raw: Record<string, string> | string | null;
}

/** The rejections of one outcome: one per problem found in the row. */
export function rejectionsOf<T>(outcome: RowOutcome<T>): Rejection[] {
	if (!isRejected(outcome.result)) return [];
	return outcome.result.errors.map((error) => ({ line: error.line, column: error.column, reason: error.reason, raw: outcome.raw }));
}

/** Counts one outcome into the summary and keeps its rejections; true when the row is accepted. */
export function tally<T>(
	summary: ImportSummary,
	rejections: Rejection[],
	outcome: RowOutcome<T>
): outcome is RowOutcome<T> & { result: { ok: true; value: T } } {
	countOutcome(summary, outcome.result);
	rejections.push(...rejectionsOf(outcome));
	return isAccepted(outcome.result);
}

export const REPORT_COLUMNS = ['ligne', 'colonne', 'motif', 'donnees'] as const;

function reportRecord(rejection: Rejection): string[] {
	const raw = rejection.raw === null ? '' : typeof rejection.raw === 'string' ? rejection.raw : JSON.stringify(rejection.raw);
	return [String(rejection.line), rejection.column ?? '', rejection.reason, raw];
}

/** Writes rejections as they come, with the stream's back-pressure respected. */
export class RejectionReport {
	private readonly stringifier: Stringifier;
	private readonly output: Writable;
	private written = 0;

	constructor(destination: string | Writable) {
		this.output = typeof destination === 'string' ? fs.createWriteStream(destination) : destination;
		this.stringifier = stringify({
			bom: true,
			delimiter: ';',
			record_delimiter: 'windows',
			header: true,
			columns: [...REPORT_COLUMNS],
			quoted_string: false,
			// A cell of a user's file starting with = or + would run as a formula in Excel.
			escape_formulas: true
		});
		this.stringifier.pipe(this.output);
	}

	get count(): number {
		return this.written;
	}

	async add(rejection: Rejection): Promise<void> {
		this.written++;
		if (!this.stringifier.write(reportRecord(rejection))) await once(this.stringifier, 'drain');
	}

	/** Adds the rejections of an outcome; accepted and skipped rows add nothing. */
	async addOutcome<T>(outcome: RowOutcome<T>): Promise<void> {
		for (const rejection of rejectionsOf(outcome)) await this.add(rejection);
	}

	async close(): Promise<void> {
		this.stringifier.end();
		await finished(this.output);
	}
}

/** Writes a whole list of rejections; returns how many. */
export async function writeRejectionReport(
	rejections: Iterable<Rejection> | AsyncIterable<Rejection>,
	destination: string | Writable
): Promise<number> {
	const report = new RejectionReport(destination);
	for await (const rejection of rejections) await report.add(rejection);
	await report.close();
	return report.count;
}
