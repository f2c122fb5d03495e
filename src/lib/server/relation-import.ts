// Relations import, database phase: the rows the reader accepted get their two actors resolved
// (SIRET, RNA number or id; an unknown actor rejects the row with its line), then are upserted as
// source `import` in one transaction, logged in import_run with their rejections like the other
// imports. Importing the same file again changes nothing (counted `unchanged`).
import type { Kysely, Transaction } from 'kysely';
import type { ActorReference, RelationImport } from '../schemas/relation';
import { recordAudit } from './audit';
import { analyzeTables } from './db/analyze';
import type { Database } from './db/schema';
import { DryRunRollback, recordRun, type ImportOptions } from './importer';
import { emptySummary, tally, type Rejection, type RowOutcome } from './imports/index';
import { readRelationsFile } from './imports/relations';
import type { ImportSource, ImportSummary } from './imports/types';
import { actorIdsByReference, upsertImportedRelations, type RelationUpsert } from './queries/relations';

const BATCH = 2000;

export type RelationImportOptions = Pick<ImportOptions, 'fileName' | 'dryRun' | 'who'>;

export interface RelationImportResult {
	runId: number | null;
	summary: ImportSummary;
	rejections: Rejection[];
}

const REFERENCE_LABEL = { siret: 'le SIRET', rna: 'le numéro RNA', id: 'l’identifiant' } as const;

export async function runRelationImport(
	db: Kysely<Database>,
	source: ImportSource,
	options: RelationImportOptions
): Promise<RelationImportResult> {
	const summary = emptySummary();
	const rejections: Rejection[] = [];
	let runId: number | null = null;
	try {
		await db.transaction().execute(async (tx) => {
			await importRelations(tx, source, options.fileName, summary, rejections);
			if (options.dryRun) throw new DryRunRollback();
			runId = await recordRun(tx, options as ImportOptions, 'relations', summary, rejections, null);
			await recordAudit(tx, options.who ?? null, {
				action: 'import',
				entity: 'import',
				entityId: runId,
				after: { fichier: options.fileName, format: 'relations', ...summary }
			});
		});
	} catch (error) {
		if (!(error instanceof DryRunRollback)) {
			await recordRun(db, options as ImportOptions, 'relations', summary, [], (error as Error).message);
			throw error;
		}
	}
	// As after every import: the planner sees the new rows at once (autovacuum is off, PGlite never analyses).
	if (!options.dryRun) await analyzeTables(db, ['actor_relation']);
	return { runId, summary, rejections };
}

async function importRelations(
	tx: Transaction<Database>,
	source: ImportSource,
	fileName: string,
	summary: ImportSummary,
	rejections: Rejection[]
): Promise<void> {
	let batch: RowOutcome<RelationImport>[] = [];
	// Two rows naming the same actors by different identifiers (SIRET here, id there) are one relation.
	const seen = new Set<string>();
	const flush = async () => {
		if (!batch.length) return;
		const values = batch.map((o) => (o.result as { value: RelationImport }).value);
		const refs = values.flatMap((v) => [v.de, v.vers]);
		const known = await actorIdsByReference(tx, {
			siret: refs.filter((r) => r.by === 'siret').map((r) => r.value),
			rna: refs.filter((r) => r.by === 'rna').map((r) => r.value),
			id: refs.filter((r) => r.by === 'id').map((r) => Number(r.value))
		});
		const resolve = (ref: ActorReference): number | undefined =>
			ref.by === 'id' ? (known.id.has(Number(ref.value)) ? Number(ref.value) : undefined) : known[ref.by].get(ref.value);
		const rows: RelationUpsert[] = [];
		for (const [i, outcome] of batch.entries()) {
			const r = values[i];
			const from = resolve(r.de);
			const to = resolve(r.vers);
			const unknown = from === undefined ? ('de' as const) : to === undefined ? ('vers' as const) : null;
			const problem = unknown
				? `aucun acteur avec ${REFERENCE_LABEL[r[unknown].by]} ${r[unknown].value} : importer d’abord l’acteur`
				: from === to
					? 'un acteur ne peut être lié à lui-même'
					: seen.has(`${from}>${r.type}>${to}`)
						? 'doublon : la même relation figure déjà plus haut (sous un autre identifiant)'
						: null;
			if (problem) {
				summary.rejected++;
				rejections.push({ line: outcome.line, column: unknown ?? 'vers', reason: problem, raw: outcome.raw });
				continue;
			}
			seen.add(`${from}>${r.type}>${to}`);
			rows.push({ from_id: from!, to_id: to!, type: r.type, date_debut: r.date_debut, date_fin: r.date_fin, note: r.note });
		}
		const counts = await upsertImportedRelations(tx, rows);
		summary.imported += counts.imported;
		summary.updated += counts.updated;
		summary.unchanged += counts.unchanged;
		batch = [];
	};
	for await (const outcome of readRelationsFile(source, { fileName })) {
		if (!tally(summary, rejections, outcome)) continue;
		batch.push(outcome);
		if (batch.length >= BATCH) await flush();
	}
	await flush();
}
