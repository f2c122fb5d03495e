// Queries of the accompaniment aggregate (DLA parcours) and of the contact log.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { z } from 'zod';
import { STAGE_DATE_COLUMN } from '../../domain/parcours/transitions';
import { ACTIVE_STAGES, END_STAGES } from '../../domain/stages';
import type { accompanimentShape } from '../../schemas/accompaniment';
import type { Database } from '../db/schema';
import type { UpsertCounts } from './actors';
import { stageDateSql } from './parcours-rules';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * One accompaniment as the importers hand it over (validated, actor resolved): the fields of the
 * schema, the prestataire's name resolved to an actor when it is a known partner.
 */
export type AccompanimentUpsert = Omit<z.output<z.ZodObject<typeof accompanimentShape>>, 'prestataire'> & {
	actor_id: number;
	prestataire_id: number | null;
	prestataire_nom: string | null;
	source: string;
	source_id: string;
};

/** The dates of a parcours' steps, as selected from `accompaniment as ac` (board, history). */
export const PARCOURS_DATE_SELECTION = [
	'ac.date_accueil',
	'ac.date_diagnostic',
	'ac.date_plan',
	'ac.date_ingenierie',
	'ac.date_suivi',
	'ac.date_fin'
] as const;

/** Every column an upsert writes and its SQL type: the one list of the accompaniment's fields here. */
const COLUMNS = {
	actor_id: 'integer',
	stage: 'text',
	date_accueil: 'date',
	date_diagnostic: 'date',
	date_plan: 'date',
	date_ingenierie: 'date',
	date_suivi: 'date',
	date_fin: 'date',
	ingenierie_type: 'text',
	themes: 'json',
	prestataire_id: 'integer',
	prestataire_nom: 'text',
	budget_eur: 'numeric',
	jours: 'numeric',
	emplois_cdi: 'integer',
	emplois_cdd: 'integer',
	emplois_consolides: 'integer',
	next_followup: 'date',
	notes: 'text',
	source: 'text',
	source_id: 'text'
} as const satisfies Record<keyof AccompanimentUpsert, string>;

type Column = keyof typeof COLUMNS;
const ALL = Object.keys(COLUMNS) as Column[];
/** The fields compared and updated: all but the key a row is matched on. */
const FIELDS = ALL.filter((c) => c !== 'source' && c !== 'source_id');

/** The value inserted for a column of the JSON input (`themes` is a JSON array, the column text[]). */
function inputValue(column: Column) {
	return column === 'themes' ? sql`ARRAY(SELECT json_array_elements_text(coalesce(themes, '[]'::json)))` : sql.ref(column);
}

/** Inserts or updates accompaniments matched on (source, source_id); unchanged rows are not touched. */
export async function upsertAccompaniments(db: Db, rows: AccompanimentUpsert[]): Promise<UpsertCounts> {
	if (!rows.length) return { imported: 0, updated: 0, unchanged: 0 };
	const { rows: written } = await sql<{ inserted: boolean }>`
		WITH input AS (
			SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json)
				AS r(${sql.join(ALL.map((c) => sql`${sql.ref(c)} ${sql.raw(COLUMNS[c])}`))})
		)
		INSERT INTO accompaniment (${sql.join(ALL.map((c) => sql.ref(c)))})
		SELECT ${sql.join(ALL.map(inputValue))}
		FROM input
		ON CONFLICT (source, source_id) WHERE source_id IS NOT NULL DO UPDATE SET
			${sql.join(FIELDS.map((f) => sql`${sql.ref(f)} = excluded.${sql.ref(f)}`))},
			version = accompaniment.version + 1, updated_at = now()
		WHERE (${sql.join(FIELDS.map((f) => sql`accompaniment.${sql.ref(f)}`))})
			IS DISTINCT FROM (${sql.join(FIELDS.map((f) => sql`excluded.${sql.ref(f)}`))})
		RETURNING (xmax = 0) AS inserted`.execute(db);
	await journalSteps(db, rows);
	const inserted = written.filter((w) => w.inserted).length;
	return { imported: inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
}

/**
 * The step journal of imported parcours, from their stage dates (as migration 0013 did for the
 * parcours then in the base): one step per stage date, and the end of an ended parcours dated by
 * its end (or its latest stage date). Only the stages the journal lacks are added, so a re-import
 * adds nothing twice and keeps the steps recorded in Maillage; set-wise, one statement per batch.
 */
async function journalSteps(db: Db, rows: AccompanimentUpsert[]): Promise<void> {
	const steps = [
		...ACTIVE_STAGES.map((stage, i) => sql`(${sql.lit(i + 1)}, ${sql.lit(stage)}, ${sql.ref(`ac.${STAGE_DATE_COLUMN[stage]}`)})`),
		sql`(${sql.lit(ACTIVE_STAGES.length + 1)}, ac.stage, CASE WHEN ac.stage IN (${sql.join(END_STAGES.map((s) => sql.lit(s)))}) THEN ${stageDateSql} END)`
	];
	await sql`
		INSERT INTO accompaniment_step (accompaniment_id, stage, date)
		SELECT ac.id, s.stage, s.date
		FROM json_to_recordset(${JSON.stringify(rows.map((r) => ({ source: r.source, source_id: r.source_id })))}::json)
			AS k(source text, source_id text)
		JOIN accompaniment ac ON ac.source = k.source AND ac.source_id = k.source_id
		CROSS JOIN LATERAL (VALUES ${sql.join(steps)}) AS s(position, stage, date)
		WHERE s.date IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM accompaniment_step st WHERE st.accompaniment_id = ac.id AND st.stage = s.stage)
		ORDER BY ac.id, s.position`.execute(db);
}

export interface ContactLogUpsert {
	actor_id: number;
	date: string;
	type: 'visite' | 'appel' | 'courriel' | 'reunion' | 'evenement';
	who: string | null;
	note: string | null;
	source: string;
	source_id: string;
}

export async function upsertContactLogs(db: Db, rows: ContactLogUpsert[]): Promise<number> {
	if (!rows.length) return 0;
	const result = await sql`
		INSERT INTO contact_log (actor_id, date, type, who, note, source, source_id)
		SELECT actor_id, date, type, who, note, source, source_id
		FROM json_to_recordset(${JSON.stringify(rows)}::json)
			AS r(actor_id integer, date date, type text, who text, note text, source text, source_id text)
		ON CONFLICT (source, source_id) WHERE source_id IS NOT NULL DO UPDATE SET
			actor_id = excluded.actor_id, date = excluded.date, type = excluded.type, who = excluded.who, note = excluded.note
		WHERE (contact_log.actor_id, contact_log.date, contact_log.type, contact_log.who, contact_log.note)
			IS DISTINCT FROM (excluded.actor_id, excluded.date, excluded.type, excluded.who, excluded.note)`.execute(db);
	return Number(result.numAffectedRows ?? 0);
}
