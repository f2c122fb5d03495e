// The actors of a file as the database phase takes them, in batches: the accepted rows as lines of
// PostgreSQL's COPY text format for the import's staging table, the counts of the rows read, the
// rejections and the contact persons. Pure reading: no database. It runs in a worker thread
// (reader-worker.ts) so that parsing and validating a file overlap the database's work.
import type { Actor } from '../../schemas/actor';
import { copyLine } from '../db/copy';
import { UPSERT_INPUT_COLUMNS, type ActorUpsert } from '../queries/actors';
import { loadCommuneDirectory } from './communes';
import type { ColumnMapping } from './generic';
import { readActorsFile } from './index';
import { tally, type Rejection } from './rejections';
import { emptySummary, type ImportFormat, type ImportSource, type ImportSummary } from './types';

/** The staging table's columns, in the order of the COPY lines: the line, the actor, the row as read. */
export const STAGE_COLUMNS = ['line', ...UPSERT_INPUT_COLUMNS.map(([name]) => name), 'raw'];

/** About this many characters of COPY lines per batch, or this many rows read (progress, rejections). */
const BATCH_CHARS = 4 * 1024 * 1024;
const BATCH_ROWS = 25_000;

export interface ActorBatchOptions {
	fileName: string;
	format: ImportFormat;
	/** The département whose communes place the actors. */
	departement: string;
	mapping?: ColumnMapping;
}

/** The contact persons of one accepted actor, with what finds the actor once written. */
export type ActorContacts = Pick<Actor, 'siret' | 'source' | 'source_id' | 'contacts'>;

export interface ActorBatch {
	/** COPY text lines (STAGE_COLUMNS) of the accepted rows. */
	copy: string;
	/** The rows of this batch: read, skipped (by reason), rejected. */
	counts: ImportSummary;
	rejections: Rejection[];
	contacts: ActorContacts[];
}

/** The actor as the upsert takes it: the sector only when given explicitly, the precision only with a point. */
export function toUpsert(a: Actor): Omit<ActorUpsert, 'commune_code'> & { commune_code: string | null } {
	const { contacts: _contacts, secteur_source, ...fields } = a;
	return { ...fields, secteur: secteur_source === 'explicite' ? a.secteur : null, precision: a.lon !== null ? a.precision : null };
}

/** Reads a file of actors into batches of about BATCH_CHARS of COPY lines or BATCH_ROWS rows. */
export async function* actorBatches(source: ImportSource, options: ActorBatchOptions): AsyncGenerator<ActorBatch> {
	const communes = await loadCommuneDirectory(options.departement);
	const emptyBatch = (): ActorBatch => ({ copy: '', counts: emptySummary(), rejections: [], contacts: [] });
	let batch = emptyBatch();
	for await (const outcome of readActorsFile(source, {
		fileName: options.fileName,
		format: options.format,
		communes,
		mapping: options.mapping
	})) {
		if (tally(batch.counts, batch.rejections, outcome)) {
			// The readers already reject a repeated SIRET or source id, naming the first line.
			const actor = outcome.result.value;
			// toUpsert makes a new object: the SIRET becomes the source id there, without copying the actor once more.
			const row = toUpsert(actor);
			row.source_id ??= actor.siret ? actor.siret : null;
			const values: unknown[] = [outcome.line];
			for (const [name] of UPSERT_INPUT_COLUMNS) values.push(row[name]);
			// The row as read is only kept for those that may still be rejected (placed by their point).
			values.push(actor.commune_code ? null : outcome.raw);
			batch.copy += copyLine(values);
			if (actor.contacts.length)
				batch.contacts.push({ siret: actor.siret, source: actor.source, source_id: row.source_id, contacts: actor.contacts });
		}
		if (batch.copy.length >= BATCH_CHARS || batch.counts.read >= BATCH_ROWS) {
			yield batch;
			batch = emptyBatch();
		}
	}
	yield batch;
}
