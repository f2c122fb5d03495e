// Imports, database phase: the rows the readers accepted are upserted in batches inside one
// transaction per file; skipped and rejected rows are counted and the rejections kept (line,
// column, reason, row) in import_rejection. A dry run does all of it, then rolls back.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './db/schema';
import {
	emptySummary,
	inspectImportFile,
	readAccompanimentsFile,
	addCounts,
	tally,
	type AccompanimentRecord,
	type ColumnMapping,
	type ImportFormat,
	type ImportSource,
	type ImportSummary,
	type Rejection,
	type RowOutcome
} from './imports/index';
import { recordAudit, type AuditActor } from './audit';
import { upsertAccompaniments, type AccompanimentUpsert } from './queries/accompaniments';
import { actorCount, actorIdsBySiret, upsertActorsFromStage, UPSERT_INPUT_COLUMNS, withoutSecondaryIndexes } from './queries/actors';
import { analyzeTables } from './db/analyze';
import { runRelationImport } from './relation-import';
import { copyRows } from './db/copy';
import { STAGE_COLUMNS, type ActorBatch, type ActorContacts } from './imports/actor-batches';
import { readActorBatches } from './imports/reader';

const BATCH = 2000;

export interface ImportOptions {
	fileName: string;
	departement: string;
	format?: ImportFormat;
	mapping?: ColumnMapping;
	dryRun?: boolean;
	who?: AuditActor | null;
	/** Called every few thousand rows (CLI progress bar, UI). */
	onProgress?: (summary: ImportSummary) => void;
}

export interface ImportResult {
	runId: number | null;
	format: ImportFormat;
	summary: ImportSummary;
	rejections: Rejection[];
}

export class DryRunRollback extends Error {}

export async function runImport(db: Kysely<Database>, source: ImportSource, options: ImportOptions): Promise<ImportResult> {
	const format = options.format ?? (await inspectImportFile(source, { fileName: options.fileName, sampleSize: 1 })).format;
	// Relations name two actors already imported: their own run (server/relation-import.ts).
	if (format === 'relations') return { ...(await runRelationImport(db, source, options)), format };
	const summary = emptySummary();
	const rejections: Rejection[] = [];
	let runId: number | null = null;
	try {
		await db.transaction().execute(async (tx) => {
			if (format === 'accompaniments') await importAccompaniments(tx, source, options, summary, rejections);
			else await importActors(tx, source, { ...options, format }, summary, rejections);
			if (options.dryRun) throw new DryRunRollback();
			runId = await recordRun(tx, options, format, summary, rejections, null);
			await recordAudit(tx, options.who ?? null, {
				action: 'import',
				entity: 'import',
				entityId: runId,
				after: { fichier: options.fileName, format, ...summary }
			});
		});
	} catch (error) {
		if (!(error instanceof DryRunRollback)) {
			// The file could not be imported at all: nothing was written; say so in the run log.
			await recordRun(db, options, format, summary, [], (error as Error).message);
			throw error;
		}
	}
	// Once committed: the planner sees the imported rows at once (see db/analyze.ts).
	if (!options.dryRun) await analyzeTables(db, format === 'accompaniments' ? ['accompaniment'] : ['actor', 'contact']);
	return { runId, format, summary, rejections };
}

export async function recordRun(
	db: Kysely<Database> | Transaction<Database>,
	options: ImportOptions,
	format: string,
	summary: ImportSummary,
	rejections: Rejection[],
	error: string | null
): Promise<number> {
	const run = await db
		.insertInto('import_run')
		.values({
			format,
			file_name: options.fileName,
			dry_run: !!options.dryRun,
			finished_at: new Date(),
			summary: JSON.stringify(summary),
			error
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	for (let i = 0; i < rejections.length; i += 1000) {
		await db
			.insertInto('import_rejection')
			.values(
				rejections.slice(i, i + 1000).map((r) => ({
					import_run_id: run.id,
					line: r.line,
					column_name: r.column,
					reason: r.reason,
					raw: r.raw === null ? null : JSON.stringify(r.raw)
				}))
			)
			.execute();
	}
	return run.id;
}

function add(summary: ImportSummary, counts: { imported: number; updated: number; unchanged: number }) {
	summary.imported += counts.imported;
	summary.updated += counts.updated;
	summary.unchanged += counts.unchanged;
}

// Accepted actors go to a temporary staging table through COPY, then into `actor` by a set-wise
// upsert, one batch of a few megabytes at a time: the batched INSERT … json_to_recordset of 2,000
// rows cost 20 of the 30 s of a 100,000-row import. The file is read and checked in a worker thread
// (imports/reader.ts) while the database writes the batches already read.
const STAGE = 'import_actor_stage';

async function importActors(
	tx: Transaction<Database>,
	source: ImportSource,
	options: ImportOptions & { format: ImportFormat },
	summary: ImportSummary,
	rejections: Rejection[]
) {
	const batches = readActorBatches(source, {
		fileName: options.fileName,
		format: options.format,
		departement: options.departement,
		mapping: options.mapping
	});
	await writeActorBatches(tx, batches, options, summary, rejections);
}

/**
 * The database part of an import of actors: the batches read (readActorBatches) written, counted
 * and their contacts saved. Apart from importActors, only the import benchmark calls it, with
 * batches read beforehand, to measure this part alone.
 */
export async function writeActorBatches(
	tx: Transaction<Database>,
	batches: AsyncGenerator<ActorBatch>,
	options: Pick<ImportOptions, 'onProgress'>,
	summary: ImportSummary,
	rejections: Rejection[]
): Promise<void> {
	await sql`CREATE TEMPORARY TABLE ${sql.table(STAGE)} (
		line integer NOT NULL, ${sql.raw(UPSERT_INPUT_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', '))}, raw json
	) ON COMMIT DROP`.execute(tx);
	const withContacts: ActorContacts[] = [];
	const write = async (batch: ActorBatch) => {
		addCounts(summary, batch.counts);
		rejections.push(...batch.rejections);
		withContacts.push(...batch.contacts);
		await copyRows(tx, STAGE, STAGE_COLUMNS, batch.copy);
		await placeByPoint(tx, summary, rejections);
		add(summary, await upsertActorsFromStage(tx, STAGE));
		await sql`TRUNCATE ${sql.table(STAGE)}`.execute(tx);
		options.onProgress?.(summary);
	};
	try {
		const first = await batches.next();
		if (first.done) return;
		const writeAll = async () => {
			await write(first.value);
			for await (const batch of batches) await write(batch);
		};
		// The first batch alone larger than the table (a first SIRENE import): see withoutSecondaryIndexes.
		const { read, skipped, rejected } = first.value.counts;
		if ((await actorCount(tx)) < read - skipped - rejected) await withoutSecondaryIndexes(tx, 'actor', writeAll);
		else await writeAll();
	} finally {
		await batches.return(undefined);
	}
	for (let i = 0; i < withContacts.length; i += BATCH) await saveContacts(tx, withContacts.slice(i, i + BATCH));
	// Rows placed by their point are rejected after the others of their batch: the report goes in file order.
	rejections.sort((a, b) => a.line - b.line);
	options.onProgress?.(summary);
}

/** Staged rows with a point but no commune: the commune whose polygon contains the point. */
async function placeByPoint(tx: Transaction<Database>, summary: ImportSummary, rejections: Rejection[]) {
	const { rows } = await sql<{ line: number; raw: Record<string, string> | null }>`
		WITH placed AS (
			UPDATE ${sql.table(STAGE)} s
			SET commune_code = (SELECT t.code FROM territory t WHERE t.level = 'commune' AND ST_Contains(t.geom, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326)) LIMIT 1)
			WHERE s.commune_code IS NULL AND s.lon IS NOT NULL AND s.lat IS NOT NULL
			RETURNING s.line, s.raw, s.commune_code
		)
		SELECT line, raw FROM placed WHERE commune_code IS NULL ORDER BY line`.execute(tx);
	for (const row of rows) {
		summary.rejected++;
		rejections.push({ line: row.line, column: null, reason: 'point hors des communes du territoire', raw: row.raw });
	}
}

/** Contact persons of imported actors: replaced by those of the file, which is the newer word. */
async function saveContacts(tx: Transaction<Database>, actors: ActorContacts[]) {
	if (!actors.length) return;
	const bySiret = await actorIdsBySiret(
		tx,
		actors.map((a) => a.siret).filter((s): s is string => !!s)
	);
	const bySource = await tx
		.selectFrom('actor')
		.select(['id', 'source', 'source_id'])
		.where(
			'source_id',
			'in',
			actors
				.map((a) => a.source_id)
				.filter((s): s is string => !!s)
				.concat([''])
		)
		.execute();
	for (const actor of actors) {
		const id =
			(actor.siret && bySiret.get(actor.siret)) ?? bySource.find((r) => r.source === actor.source && r.source_id === actor.source_id)?.id;
		if (!id) continue;
		await tx.deleteFrom('contact').where('actor_id', '=', id).execute();
		await tx
			.insertInto('contact')
			.values(
				actor.contacts.map((c) => ({
					actor_id: id,
					nom: c.nom,
					role: c.role,
					email: c.email,
					telephone: c.telephone,
					base_legale: c.base_legale
				}))
			)
			.execute();
	}
}

async function importAccompaniments(
	tx: Transaction<Database>,
	source: ImportSource,
	options: ImportOptions,
	summary: ImportSummary,
	rejections: Rejection[]
) {
	let batch: RowOutcome<AccompanimentRecord>[] = [];
	const flush = async () => {
		if (!batch.length) return;
		const sirets = batch.map((o) => (o.result as { value: AccompanimentRecord }).value.siret).filter((s): s is string => !!s);
		const bySiret = await actorIdsBySiret(tx, sirets);
		const ids = batch.map((o) => (o.result as { value: AccompanimentRecord }).value.actor_id).filter((n): n is number => !!n);
		const known = new Set(ids.length ? (await tx.selectFrom('actor').select('id').where('id', 'in', ids).execute()).map((r) => r.id) : []);
		const prestataires = new Map(
			(await tx.selectFrom('actor').select(['id', 'nom']).where('kind', '=', 'partenaire').execute()).map((p) => [
				p.nom.toLowerCase(),
				p.id
			])
		);
		const rows: AccompanimentUpsert[] = [];
		for (const outcome of batch) {
			const a = (outcome.result as { value: AccompanimentRecord }).value;
			const actorId = a.actor_id && known.has(a.actor_id) ? a.actor_id : a.siret ? bySiret.get(a.siret) : undefined;
			if (!actorId) {
				summary.rejected++;
				rejections.push({
					line: outcome.line,
					column: a.siret ? 'siret' : 'actor_id',
					reason: `aucun acteur avec ${a.siret ? `le SIRET ${a.siret}` : `l’identifiant ${a.actor_id}`} : importer d’abord la structure`,
					raw: outcome.raw
				});
				continue;
			}
			rows.push({
				actor_id: actorId,
				stage: a.stage,
				date_accueil: a.date_accueil,
				date_diagnostic: a.date_diagnostic,
				date_plan: a.date_plan,
				date_ingenierie: a.date_ingenierie,
				date_suivi: a.date_suivi,
				date_fin: a.date_fin,
				ingenierie_type: a.ingenierie_type,
				themes: a.themes,
				prestataire_id: a.prestataire ? (prestataires.get(a.prestataire.toLowerCase()) ?? null) : null,
				prestataire_nom: a.prestataire,
				budget_eur: a.budget_eur,
				jours: a.jours,
				emplois_cdi: a.emplois_cdi,
				emplois_cdd: a.emplois_cdd,
				emplois_consolides: a.emplois_consolides,
				next_followup: a.next_followup,
				notes: a.notes,
				source: 'csv',
				source_id: a.source_id
			});
		}
		add(summary, await upsertAccompaniments(tx, rows));
		batch = [];
		options.onProgress?.(summary);
	};
	for await (const outcome of readAccompanimentsFile(source, { fileName: options.fileName })) {
		if (!tally(summary, rejections, outcome)) continue;
		batch.push(outcome);
		if (batch.length >= BATCH) await flush();
	}
	await flush();
}
