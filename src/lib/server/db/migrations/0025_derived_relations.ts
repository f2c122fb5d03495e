// Relations derived from the parcours and the events become a view (issue 16). Until now the
// `accompagne` rows were recomputed into actor_relation by the network page's load — a GET that
// wrote — and nothing followed the events. Writes touch the parcours in many places (the parcours
// form, the ingénierie collective's form and its join/leave, the accompaniment import, the demo
// load, an actor's deletion), so instead of hooking each one the derived relations are computed
// when read: `actor_relation_all` is the stored relations (`manuel`, `import`) and the derived
// ones, always in step with their origin. Derived rows have no id: they cannot be edited or
// removed, only their origin can.
// - `accompagne` (source `parcours`): one per (prestataire, structure), the prestataire being the
//   parcours' own or its ingénierie collective's; from the first ingénierie (else the collective's
//   start, else the accueil) to the last end once every such parcours has ended.
// - `co_organise` (source `evenement`): the organiser of an event towards each co-organiser, from
//   the first to the last such event; a cancelled event links nobody.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`DELETE FROM actor_relation WHERE source IN ('parcours', 'evenement')`.execute(db);
	await sql`ALTER TABLE actor_relation ADD CONSTRAINT actor_relation_stored_source CHECK (source IN ('manuel', 'import'))`.execute(db);
	await sql`
		CREATE VIEW actor_relation_all AS
		SELECT r.id, r.from_id, r.to_id, r.type, r.date_debut, r.date_fin, r.source, r.note FROM actor_relation r
		UNION ALL
		SELECT NULL::integer, coalesce(ic.prestataire_id, ac.prestataire_id), ac.actor_id, 'accompagne',
			min(coalesce(ac.date_ingenierie, ic.date_debut, ac.date_accueil)),
			CASE WHEN bool_and(coalesce(ac.date_fin_ingenierie, ic.date_fin, ac.date_fin) IS NOT NULL)
				THEN max(coalesce(ac.date_fin_ingenierie, ic.date_fin, ac.date_fin)) END,
			'parcours', NULL::text
		FROM accompaniment ac LEFT JOIN ingenierie_collective ic ON ic.id = ac.ingenierie_collective_id
		WHERE coalesce(ic.prestataire_id, ac.prestataire_id) IS NOT NULL
			AND coalesce(ic.prestataire_id, ac.prestataire_id) <> ac.actor_id
		GROUP BY coalesce(ic.prestataire_id, ac.prestataire_id), ac.actor_id
		UNION ALL
		SELECT NULL::integer, e.organisateur_id, co.id, 'co_organise', min(e.date), max(e.date), 'evenement', NULL::text
		FROM rencontre e JOIN actor co ON co.id = ANY (e.co_organisateurs)
		WHERE e.status <> 'annule' AND e.organisateur_id IS NOT NULL AND co.id <> e.organisateur_id
		GROUP BY e.organisateur_id, co.id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP VIEW actor_relation_all`.execute(db);
	await sql`ALTER TABLE actor_relation DROP CONSTRAINT actor_relation_stored_source`.execute(db);
}
