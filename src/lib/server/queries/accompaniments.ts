// Queries of the accompaniment aggregate (DLA parcours) and of the contact log.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AccompanimentStage, Database } from '../db/schema';
import type { UpsertCounts } from './actors';

type Db = Kysely<Database> | Transaction<Database>;

/** One accompaniment as the importers hand it over (validated, actor resolved). */
export interface AccompanimentUpsert {
	actor_id: number;
	stage: AccompanimentStage;
	date_accueil: string | null;
	date_diagnostic: string | null;
	date_plan: string | null;
	date_ingenierie: string | null;
	date_suivi: string | null;
	date_fin: string | null;
	ingenierie_type: 'individuelle' | 'collective' | null;
	themes: string[];
	prestataire_id: number | null;
	prestataire_nom: string | null;
	budget_eur: number | null;
	jours: number | null;
	emplois_cdi: number | null;
	emplois_cdd: number | null;
	emplois_consolides: number | null;
	next_followup: string | null;
	notes: string | null;
	source: string;
	source_id: string;
}

const FIELDS = [
	'actor_id',
	'stage',
	'date_accueil',
	'date_diagnostic',
	'date_plan',
	'date_ingenierie',
	'date_suivi',
	'date_fin',
	'ingenierie_type',
	'themes',
	'prestataire_id',
	'prestataire_nom',
	'budget_eur',
	'jours',
	'emplois_cdi',
	'emplois_cdd',
	'emplois_consolides',
	'next_followup',
	'notes'
] as const;

/** Inserts or updates accompaniments matched on (source, source_id); unchanged rows are not touched. */
export async function upsertAccompaniments(db: Db, rows: AccompanimentUpsert[]): Promise<UpsertCounts> {
	if (!rows.length) return { imported: 0, updated: 0, unchanged: 0 };
	const { rows: written } = await sql<{ inserted: boolean }>`
		WITH input AS (
			SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(
				actor_id integer, stage text, date_accueil date, date_diagnostic date, date_plan date, date_ingenierie date,
				date_suivi date, date_fin date, ingenierie_type text, themes json, prestataire_id integer, prestataire_nom text,
				budget_eur numeric, jours numeric, emplois_cdi integer, emplois_cdd integer, emplois_consolides integer,
				next_followup date, notes text, source text, source_id text)
		)
		INSERT INTO accompaniment (${sql.join(FIELDS.map((f) => sql.ref(f)))}, source, source_id)
		SELECT actor_id, stage, date_accueil, date_diagnostic, date_plan, date_ingenierie, date_suivi, date_fin, ingenierie_type,
			ARRAY(SELECT json_array_elements_text(coalesce(themes, '[]'::json))), prestataire_id, prestataire_nom, budget_eur, jours,
			emplois_cdi, emplois_cdd, emplois_consolides, next_followup, notes, source, source_id
		FROM input
		ON CONFLICT (source, source_id) WHERE source_id IS NOT NULL DO UPDATE SET
			${sql.join(FIELDS.map((f) => sql`${sql.ref(f)} = excluded.${sql.ref(f)}`))},
			version = accompaniment.version + 1, updated_at = now()
		WHERE (${sql.join(FIELDS.map((f) => sql`accompaniment.${sql.ref(f)}`))})
			IS DISTINCT FROM (${sql.join(FIELDS.map((f) => sql`excluded.${sql.ref(f)}`))})
		RETURNING (xmax = 0) AS inserted`.execute(db);
	const inserted = written.filter((w) => w.inserted).length;
	return { imported: inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
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
