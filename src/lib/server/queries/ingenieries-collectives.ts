// The ingénieries collectives as the team manages them: the list with their beneficiary parcours,
// and a parcours joining or leaving one. Created with its first parcours by `createCollective`
// (parcours.ts). A member is linked through `accompaniment.ingenierie_collective_id`, so the
// indicators still count each structure once, whatever the number of members.
import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import { isActiveStage } from '../../domain/stages';
import type { CollectiveSummary } from '../../dto/parcours';
import { recordAudit, type AuditActor } from '../audit';
import type { AccompanimentTable, Database } from '../db/schema';
import { ParcoursError } from './parcours';

type Db = Kysely<Database> | Transaction<Database>;

/** Every ingénierie collective, newest first, with its prestataire and its members (parcours and structure). */
export async function listCollectives(db: Db): Promise<CollectiveSummary[]> {
	const rows = await db
		.selectFrom('ingenierie_collective as ic')
		.leftJoin('actor as p', 'p.id', 'ic.prestataire_id')
		.select(['ic.id', 'ic.titre', 'ic.theme', 'ic.prestataire_id', 'p.nom as prestataire_nom', 'ic.budget_eur', 'ic.jours'])
		.select(['ic.date_debut', 'ic.date_fin'])
		.orderBy('ic.date_debut', 'desc')
		.orderBy('ic.id', 'desc')
		.execute();
	const members = rows.length
		? await db
				.selectFrom('accompaniment as ac')
				.innerJoin('actor as a', 'a.id', 'ac.actor_id')
				.leftJoin('territory as c', (join) => join.on('c.level', '=', 'commune').onRef('c.code', '=', 'a.commune_code'))
				.select(['ac.ingenierie_collective_id', 'ac.id', 'ac.actor_id', 'a.nom as actor_nom', 'c.nom as commune_nom', 'ac.stage'])
				.where(
					'ac.ingenierie_collective_id',
					'in',
					rows.map((r) => r.id)
				)
				.execute()
		: [];
	// Sorted here, in French: the databases' collations differ (PGlite's is byte order).
	const collator = new Intl.Collator('fr');
	members.sort((a, b) => collator.compare(a.actor_nom, b.actor_nom) || a.id - b.id);
	return rows.map((r) => ({
		...r,
		membres: members
			.filter((m) => m.ingenierie_collective_id === r.id)
			.map((m) => ({ accompaniment_id: m.id, actor_id: m.actor_id, actor_nom: m.actor_nom, commune_nom: m.commune_nom, stage: m.stage }))
	}));
}

async function lockedCollective(tx: Db, id: number) {
	const collective = await tx
		.selectFrom('ingenierie_collective as ic')
		.leftJoin('actor as p', 'p.id', 'ic.prestataire_id')
		.select(['ic.id', 'ic.prestataire_id', 'p.nom as prestataire_nom'])
		.where('ic.id', '=', id)
		.executeTakeFirst();
	if (!collective) throw new ParcoursError(`aucune ingénierie collective ${id}`, 'id', 404);
	return collective;
}

async function lockedParcours(tx: Db, id: number) {
	const parcours = await tx
		.selectFrom('accompaniment')
		.select(['id', 'stage', 'ingenierie_collective_id', 'prestataire_id'])
		.where('id', '=', id)
		.forUpdate()
		.executeTakeFirst();
	if (!parcours) throw new ParcoursError(`aucun parcours ${id}`, 'accompaniment_id', 404);
	return parcours;
}

/**
 * A running parcours joins the ingénierie collective: typed `collective`, it takes its prestataire.
 * One already in another collective is refused (409, naming it): it leaves that one first.
 */
export async function joinCollective(
	db: Kysely<Database>,
	collectiveId: number,
	parcoursId: number,
	who: AuditActor | null
): Promise<void> {
	await db.transaction().execute(async (tx) => {
		const collective = await lockedCollective(tx, collectiveId);
		const parcours = await lockedParcours(tx, parcoursId);
		if (parcours.ingenierie_collective_id === collectiveId) return;
		if (parcours.ingenierie_collective_id !== null)
			throw new ParcoursError(
				`le parcours ${parcoursId} est déjà dans l’ingénierie collective n° ${parcours.ingenierie_collective_id}`,
				'accompaniment_id',
				409
			);
		if (!isActiveStage(parcours.stage))
			throw new ParcoursError(`le parcours ${parcoursId} est terminé : il ne rejoint plus d’ingénierie`, 'accompaniment_id');
		await writeMembership(tx, parcoursId, {
			ingenierie_collective_id: collectiveId,
			ingenierie_type: 'collective',
			...(collective.prestataire_id ? { prestataire_id: collective.prestataire_id, prestataire_nom: collective.prestataire_nom } : {})
		});
		await recordAudit(tx, who, {
			action: 'join',
			entity: 'ingenierie_collective',
			entityId: collectiveId,
			after: { accompaniment_id: parcoursId }
		});
	});
}

/**
 * The parcours leaves the ingénierie collective: no ingénierie type any more, and the prestataire
 * it took from the collective goes with it (one it named itself stays).
 */
export async function leaveCollective(
	db: Kysely<Database>,
	collectiveId: number,
	parcoursId: number,
	who: AuditActor | null
): Promise<void> {
	await db.transaction().execute(async (tx) => {
		const collective = await lockedCollective(tx, collectiveId);
		const parcours = await lockedParcours(tx, parcoursId);
		if (parcours.ingenierie_collective_id !== collectiveId)
			throw new ParcoursError(
				`le parcours ${parcoursId} n’est pas dans l’ingénierie collective n° ${collectiveId}`,
				'accompaniment_id',
				404
			);
		const tookPrestataire = collective.prestataire_id !== null && parcours.prestataire_id === collective.prestataire_id;
		await writeMembership(tx, parcoursId, {
			ingenierie_collective_id: null,
			ingenierie_type: null,
			...(tookPrestataire ? { prestataire_id: null, prestataire_nom: null } : {})
		});
		await recordAudit(tx, who, {
			action: 'leave',
			entity: 'ingenierie_collective',
			entityId: collectiveId,
			before: { accompaniment_id: parcoursId }
		});
	});
}

/** The parcours' membership written as a new version of it (the version check of the parcours sees it). */
async function writeMembership(tx: Transaction<Database>, parcoursId: number, fields: Updateable<AccompanimentTable>): Promise<void> {
	await tx
		.updateTable('accompaniment')
		.set({ ...fields, version: sql`version + 1`, updated_at: new Date() })
		.where('id', '=', parcoursId)
		.execute();
}
