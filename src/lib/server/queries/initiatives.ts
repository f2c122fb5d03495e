// The dynamics other actors run (an actor of kind `initiative`: a PTCE, a tiers-lieu's network, a
// food plan…): the DLA's participations in their meetings, their linked actors (relations, see
// relations.ts), and the dynamics present in a territory for its portrait.
import { sql, type Kysely } from 'kysely';
import type { ActorKind } from '../../domain/stages';
import type { TerritoryDynamicDto } from '../../dto/network';
import type { ParticipationInput } from '../../schemas/relation';
import { recordAudit, type AuditActor } from '../audit';
import type { Database, IsoDate, TerritoryLevel } from '../db/schema';
import { refuse, type Outcome } from './outcome';
import { inTerritory } from './portraits';
import { relationsOfActor, type ActorRelation } from './relations';

export interface ActorName {
	id: number;
	nom: string;
	kind: ActorKind;
}

export interface Participation {
	id: number;
	date: IsoDate;
	note: string | null;
	met: ActorName[];
}

export interface InitiativeHistory {
	participations: Participation[];
	relations: ActorRelation[];
	/** The ESS structures involved: linked to it, or met at its meetings. */
	structures: ActorName[];
}

/** Records that the DLA took part in a meeting of the initiative, and whom it met there. */
export async function addParticipation(
	db: Kysely<Database>,
	initiativeId: number,
	input: ParticipationInput,
	who: AuditActor | null
): Promise<Outcome<{ id: number }>> {
	return db.transaction().execute(async (tx) => {
		const initiative = await tx.selectFrom('actor').select(['kind']).where('id', '=', initiativeId).executeTakeFirst();
		if (!initiative) return refuse(404, `aucun acteur n° ${initiativeId}`, 'id');
		if (initiative.kind !== 'initiative') return refuse(400, 'participations : réservées aux acteurs de type initiative', 'id');
		const met = input.actor_ids.filter((id) => id !== initiativeId);
		if (met.length) {
			const known = new Set((await tx.selectFrom('actor').select('id').where('id', 'in', met).execute()).map((r) => r.id));
			const missing = met.find((id) => !known.has(id));
			if (missing !== undefined) return refuse(404, `acteur rencontré : aucun acteur n° ${missing}`, 'actor_ids');
		}
		const { id } = await tx
			.insertInto('initiative_participation')
			.values({ initiative_id: initiativeId, date: input.date, note: input.note, user_id: who && who.id > 0 ? who.id : null })
			.returning('id')
			.executeTakeFirstOrThrow();
		if (met.length)
			await tx
				.insertInto('initiative_participation_actor')
				.values(met.map((actor_id) => ({ participation_id: id, actor_id })))
				.execute();
		await recordAudit(tx, who, {
			action: 'create',
			entity: 'initiative_participation',
			entityId: id,
			after: { initiative_id: initiativeId, ...input, actor_ids: met }
		});
		return { ok: true as const, id };
	});
}

/** The history of an initiative: its participations (latest first), relations and structures. */
export async function initiativeHistory(db: Kysely<Database>, initiativeId: number): Promise<InitiativeHistory> {
	const participations = await db
		.selectFrom('initiative_participation')
		.select(['id', 'date', 'note'])
		.where('initiative_id', '=', initiativeId)
		.orderBy('date', 'desc')
		.orderBy('id', 'desc')
		.execute();
	const met = participations.length
		? await db
				.selectFrom('initiative_participation_actor as pa')
				.innerJoin('actor as a', 'a.id', 'pa.actor_id')
				.select(['pa.participation_id', 'a.id', 'a.nom', 'a.kind'])
				.where(
					'pa.participation_id',
					'in',
					participations.map((p) => p.id)
				)
				.orderBy('a.nom')
				.execute()
		: [];
	const relations = await relationsOfActor(db, initiativeId);
	const structures = new Map<number, ActorName>();
	for (const r of relations) if (r.other.kind === 'structure_ess') structures.set(r.other.id, r.other);
	for (const m of met) if (m.kind === 'structure_ess') structures.set(m.id, { id: m.id, nom: m.nom, kind: m.kind });
	return {
		participations: participations.map((p) => ({
			...p,
			met: met.filter((m) => m.participation_id === p.id).map(({ id, nom, kind }) => ({ id, nom, kind }))
		})),
		relations,
		structures: [...structures.values()].sort((a, b) => a.nom.localeCompare(b.nom, 'fr'))
	};
}

export type TerritoryDynamic = TerritoryDynamicDto;

/**
 * The dynamics present in a territory: the initiatives located there, or linked to one of its
 * actors, or whose meetings brought the DLA to meet one of them.
 */
export async function territoryDynamics(db: Kysely<Database>, level: TerritoryLevel, code: string): Promise<TerritoryDynamic[]> {
	const { rows } = await sql<TerritoryDynamic & { located: boolean }>`
		WITH local AS (
			SELECT a.id FROM actor a JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
			WHERE ${inTerritory(level, code)}
		),
		touched AS (
			SELECT r.from_id AS initiative, r.to_id AS actor FROM actor_relation_all r JOIN local l ON l.id = r.to_id
			UNION SELECT r.to_id, r.from_id FROM actor_relation_all r JOIN local l ON l.id = r.from_id
			UNION SELECT p.initiative_id, pa.actor_id FROM initiative_participation p
				JOIN initiative_participation_actor pa ON pa.participation_id = p.id JOIN local l ON l.id = pa.actor_id
		)
		SELECT i.id, i.nom, c.nom AS commune,
			(SELECT count(DISTINCT t.actor) FROM touched t WHERE t.initiative = i.id)::int AS acteurs_du_territoire,
			(SELECT count(*) FROM initiative_participation p WHERE p.initiative_id = i.id)::int AS participations,
			(SELECT max(p.date) FROM initiative_participation p WHERE p.initiative_id = i.id) AS derniere_participation
		FROM actor i JOIN territory c ON c.level = 'commune' AND c.code = i.commune_code
		WHERE i.kind = 'initiative'
			AND (i.id IN (SELECT id FROM local) OR i.id IN (SELECT initiative FROM touched))
		ORDER BY acteurs_du_territoire DESC, i.nom`.execute(db);
	return rows;
}
