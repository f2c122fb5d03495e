// Queries of the parcours (accompaniment) aggregate as the DLA team runs it day to day: the board,
// one parcours with its journal, opening, moving, editing, « À faire », the funnel, exports,
// ingénieries collectives and the calendar feed tokens. Every write is one transaction with its
// audit entry; moves and edits check the row's version (409 on a concurrent change).
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import {
	assembleFunnel,
	checkMove,
	daysInStage,
	moveChanges,
	stalledLimit,
	addDays,
	type Followup,
	type FunnelParcours,
	type ParcoursConfig
} from '../../domain/parcours/index';
import { ACTIVE_STAGES, END_STAGES, isActiveStage } from '../../domain/stages';
import type {
	DueFollowupPoint,
	Funnel,
	ParcoursCard,
	ParcoursDetail,
	ParcoursFigures,
	ParcoursStep,
	ParcoursTodo,
	TodoFollowup,
	TodoKind,
	TodoMetNotOpened,
	TodoStalled
} from '../../dto/parcours';
import { accompanimentSchema } from '../../schemas/accompaniment';
import type {
	CollectiveInput,
	FunnelQuery,
	ParcoursChanges,
	ParcoursContact,
	ParcoursMoveInput,
	ParcoursOpen,
	ParcoursQuery,
	TodoQuery
} from '../../schemas/parcours';
import { randomToken, sha256 } from '../auth/crypto';
import { recordAudit, type AuditActor } from '../audit';
import type { Database } from '../db/schema';
import { PARCOURS_DATE_SELECTION } from './accompaniments';
import { accompanimentHasStepBetween } from './accompanied';
import {
	followupDueSql,
	followupsJsonSql,
	nextDueSql,
	overdueSql,
	parcoursWithEvents,
	stageDateSql,
	stalledSql,
	type ParcoursRules
} from './parcours-rules';

type Db = Kysely<Database> | Transaction<Database>;

/** A refusal the API answers with 400 (or `status`), naming the field at fault. */
export class ParcoursError extends Error {
	constructor(
		message: string,
		readonly field: string,
		readonly status = 400,
		readonly extra: Record<string, unknown> = {}
	) {
		super(message);
		this.name = 'ParcoursError';
	}
}

const CONFLICT = 'Ce parcours a été modifié entre-temps par quelqu’un d’autre : rechargez-le avant d’enregistrer';

/** Who the query runs for: the user (its id for « moi » and defaults), what it may read. */
export interface Viewer {
	user: AuditActor | null;
	withPersonalData: boolean;
}

/** What the board, « À faire » and the exports need to compute alerts and labels. */
export interface ParcoursContext {
	config: ParcoursConfig;
	sectorLabels: Record<string, string>;
	today: string;
}

const userId = (who: AuditActor | null) => (who && who.id > 0 ? who.id : null);

// ——— Reading ———

/** The parcours with what the board shows, its stage date, pending follow-ups and alerts (parcours-rules.ts). */
function cardQuery(db: Db, rules: ParcoursRules) {
	return parcoursWithEvents(db)
		.innerJoin('actor as a', 'a.id', 'ac.actor_id')
		.leftJoin('territory as c', (join) => join.on('c.level', '=', 'commune').onRef('c.code', '=', 'a.commune_code'))
		.leftJoin('territory as e', (join) => join.on('e.level', '=', 'epci').onRef('e.code', '=', 'c.epci_code'))
		.leftJoin('territory as z', (join) => join.on('z.level', '=', 'zone').onRef('z.code', '=', 'c.zone_code'))
		.leftJoin('app_user as u', 'u.id', 'ac.owner_id')
		.leftJoin('ingenierie_collective as ic', 'ic.id', 'ac.ingenierie_collective_id')
		.leftJoin('actor as p', (join) => join.on((eb) => eb('p.id', '=', eb.fn.coalesce('ac.prestataire_id', 'ic.prestataire_id'))))
		.select([
			'ac.id',
			'ac.version',
			'ac.actor_id',
			'a.nom as actor_nom',
			'a.commune_code',
			'c.nom as commune_nom',
			'c.epci_code',
			'e.nom as epci_nom',
			'c.zone_code',
			'z.nom as zone_nom',
			'a.secteur',
			'ac.stage',
			...PARCOURS_DATE_SELECTION,
			'ac.date_fin_ingenierie',
			'ac.next_followup',
			'ac.owner_id',
			sql<string | null>`nullif(u.nom, '')`.as('owner_nom'),
			sql<number | null>`coalesce(ac.prestataire_id, ic.prestataire_id)`.as('prestataire_id'),
			sql<string | null>`coalesce(p.nom, ac.prestataire_nom)`.as('prestataire_nom'),
			'ac.ingenierie_type',
			'ac.ingenierie_collective_id',
			sql<string | null>`(${stageDateSql})::text`.as('stage_date'),
			followupsJsonSql(rules).as('followups'),
			stalledSql(rules).as('stalled'),
			overdueSql(rules).as('followup_overdue')
		]);
}

type CardRow = Awaited<ReturnType<ReturnType<typeof cardQuery>['execute']>>[number];

function toCard(row: CardRow, context: ParcoursContext): ParcoursCard & { followups: Followup[] } {
	const { sectorLabels, today } = context;
	const date = row.stage_date ?? today;
	return {
		id: row.id,
		version: row.version,
		actor_id: row.actor_id,
		actor_nom: row.actor_nom,
		commune_code: row.commune_code,
		commune_nom: row.commune_nom,
		epci_code: row.epci_code,
		epci_nom: row.epci_nom,
		zone_code: row.zone_code,
		zone_nom: row.zone_nom,
		secteur: row.secteur,
		secteur_label: row.secteur ? (sectorLabels[row.secteur] ?? row.secteur) : null,
		stage: row.stage,
		stage_date: date,
		days_in_stage: daysInStage(date, today),
		next_followup: row.next_followup,
		owner_id: row.owner_id,
		owner_nom: row.owner_nom,
		prestataire_id: row.prestataire_id,
		prestataire_nom: row.prestataire_nom,
		ingenierie_type: row.ingenierie_type,
		ingenierie_collective_id: row.ingenierie_collective_id,
		stalled: row.stalled,
		followup_overdue: row.followup_overdue,
		ended: !isActiveStage(row.stage),
		followups: row.followups as Followup[]
	};
}

/** The first day of a parcours (its accueil, or failing that its earliest date). */
const startSql = sql`coalesce(ac.date_accueil, least(ac.date_diagnostic, ac.date_plan, ac.date_ingenierie, ac.date_suivi, ac.date_fin))`;
/** The last day of an ended parcours (its end, or failing that its latest date); null while it runs. */
const endSql = sql`CASE WHEN ac.stage IN ('oriente', 'abandon', 'non_eligible')
	THEN coalesce(ac.date_fin, greatest(ac.date_accueil, ac.date_diagnostic, ac.date_plan, ac.date_ingenierie, ac.date_suivi)) END`;

function ownerId(owner: ParcoursQuery['owner'], viewer: Viewer): number | 'aucun' | undefined {
	if (owner === 'moi') return userId(viewer.user) ?? 'aucun';
	return owner;
}

/**
 * The board: parcours under the filters, oldest in their stage first. The period [de, a] keeps the
 * parcours that ran during part of it: started (accueil) on or before `a`, and not ended before
 * `de` (a running parcours has no end). Alerts (stalled, overdue follow-up) are computed by the
 * domain, so `alerte` filters after the query.
 */
export async function parcoursBoard(db: Db, query: ParcoursQuery, viewer: Viewer, context: ParcoursContext): Promise<ParcoursCard[]> {
	return (await boardRows(db, query, viewer, context)).map(({ followups: _f, ...card }) => card);
}

async function boardRows(db: Db, query: ParcoursQuery, viewer: Viewer, context: ParcoursContext) {
	const owner = ownerId(query.owner, viewer);
	const rows = await cardQuery(db, context)
		.$if(query.etat === 'en_cours', (q) => q.where('ac.stage', 'in', [...ACTIVE_STAGES]))
		.$if(query.etat === 'termine', (q) => q.where('ac.stage', 'in', [...END_STAGES]))
		.$if(query.zone.length > 0, (q) => q.where('c.zone_code', 'in', query.zone))
		.$if(query.epci.length > 0, (q) => q.where('c.epci_code', 'in', query.epci))
		.$if(query.secteur.length > 0, (q) => q.where('a.secteur', 'in', query.secteur))
		.$if(owner === 'aucun', (q) => q.where('ac.owner_id', 'is', null))
		.$if(typeof owner === 'number', (q) => q.where('ac.owner_id', '=', owner as number))
		.$if(query.prestataire !== undefined, (q) =>
			q.where(sql<SqlBool>`coalesce(ac.prestataire_id, ic.prestataire_id) = ${query.prestataire!}`)
		)
		.$if(query.a !== undefined, (q) => q.where(sql<SqlBool>`${startSql} <= CAST(${query.a!} AS date)`))
		.$if(query.de !== undefined, (q) => q.where(sql<SqlBool>`(${endSql}) IS NULL OR (${endSql}) >= CAST(${query.de!} AS date)`))
		.orderBy('ac.id')
		.execute();
	const cards = rows.map((row) => toCard(row, context));
	const alerted =
		query.alerte === 'stalled'
			? cards.filter((c) => c.stalled)
			: query.alerte === 'overdue'
				? cards.filter((c) => c.followup_overdue)
				: cards;
	return alerted.sort((x, y) => x.stage_date.localeCompare(y.stage_date) || x.id - y.id);
}

/** The running parcours of each structure (one at a time), as the board shows it: the field view's status. */
export async function runningParcours(db: Db, actorIds: readonly number[], context: ParcoursContext): Promise<Map<number, ParcoursCard>> {
	if (!actorIds.length) return new Map();
	const rows = await cardQuery(db, context)
		.where('ac.actor_id', 'in', [...actorIds])
		.where('ac.stage', 'in', [...ACTIVE_STAGES])
		.orderBy('ac.id')
		.execute();
	return new Map(rows.map((row) => [row.actor_id, cardOf(row, context)]));
}

function cardOf(row: CardRow, context: ParcoursContext): ParcoursCard {
	const { followups: _f, ...card } = toCard(row, context);
	return card;
}

/** One parcours with every column and its journal; notes and findings for the team only. */
export async function parcoursDetail(db: Db, id: number, viewer: Viewer, context: ParcoursContext): Promise<ParcoursDetail | null> {
	const row = await cardQuery(db, context)
		.select(['ac.oriente_vers', 'ac.themes', 'ac.constats', 'ac.besoins', 'ac.budget_eur', 'ac.jours', 'ac.emplois_cdi', 'ac.emplois_cdd'])
		.select(['ac.emplois_consolides', 'ac.documents', 'ac.notes', 'ic.titre as ingenierie_collective_titre'])
		.where('ac.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const steps = await db
		.selectFrom('accompaniment_step as st')
		.leftJoin('app_user as u', 'u.id', 'st.user_id')
		.select(['st.id', 'st.stage', 'st.date', 'st.note', sql<string | null>`nullif(u.nom, '')`.as('user_nom'), 'st.created_at'])
		.where('st.accompaniment_id', '=', id)
		.orderBy('st.date')
		.orderBy('st.id')
		.execute();
	const { followups: _f, ...card } = toCard(row, context);
	const personal = viewer.withPersonalData;
	return {
		...card,
		date_accueil: row.date_accueil,
		date_diagnostic: row.date_diagnostic,
		date_plan: row.date_plan,
		date_ingenierie: row.date_ingenierie,
		date_suivi: row.date_suivi,
		date_fin: row.date_fin,
		date_fin_ingenierie: row.date_fin_ingenierie,
		oriente_vers: row.oriente_vers,
		themes: row.themes,
		constats: personal ? row.constats : null,
		besoins: personal ? row.besoins : null,
		budget_eur: row.budget_eur,
		jours: row.jours,
		emplois_cdi: row.emplois_cdi,
		emplois_cdd: row.emplois_cdd,
		emplois_consolides: row.emplois_consolides,
		documents: row.documents,
		notes: personal ? row.notes : null,
		ingenierie_collective_titre: row.ingenierie_collective_titre,
		steps: steps.map((s): ParcoursStep => ({
			id: s.id,
			stage: s.stage,
			date: s.date,
			note: personal ? s.note : null,
			user_nom: s.user_nom,
			created_at: new Date(s.created_at).toISOString()
		}))
	};
}

// ——— Writing ———

async function checkUser(db: Db, id: number | null | undefined, field: string): Promise<void> {
	if (id === null || id === undefined) return;
	const user = await db.selectFrom('app_user').select(['id', 'disabled', 'role']).where('id', '=', id).executeTakeFirst();
	if (!user) throw new ParcoursError(`aucun compte ${id}`, field);
	if (user.disabled) throw new ParcoursError(`le compte ${id} est désactivé`, field);
}

async function prestataireName(db: Db, id: number | null | undefined, field = 'prestataire_id'): Promise<string | null> {
	if (id === null || id === undefined) return null;
	const actor = await db.selectFrom('actor').select('nom').where('id', '=', id).executeTakeFirst();
	if (!actor) throw new ParcoursError(`aucun acteur ${id} pour le prestataire`, field);
	return actor.nom;
}

/**
 * Opens a parcours at the accueil stage. A structure has one running parcours at a time: a second
 * is refused (409) with the id of the one running.
 */
export async function openParcours(
	db: Kysely<Database>,
	input: ParcoursOpen,
	who: AuditActor | null,
	today: string
): Promise<{ id: number; version: number }> {
	return db.transaction().execute(async (tx) => {
		// Locking the structure makes two simultaneous openings wait for each other.
		const actor = await tx
			.selectFrom('actor')
			.select(['id', 'kind', 'nom'])
			.where('id', '=', input.actor_id)
			.forUpdate()
			.executeTakeFirst();
		if (!actor) throw new ParcoursError(`aucun acteur ${input.actor_id}`, 'actor_id', 404);
		if (actor.kind === 'collectivite' || actor.kind === 'partenaire') {
			throw new ParcoursError(
				`« ${actor.nom} » est une ${actor.kind === 'collectivite' ? 'collectivité' : 'structure partenaire'} : un parcours DLA accompagne une structure de l’ESS`,
				'actor_id'
			);
		}
		const running = await tx
			.selectFrom('accompaniment')
			.select('id')
			.where('actor_id', '=', input.actor_id)
			.where('stage', 'in', [...ACTIVE_STAGES])
			.orderBy('id', 'desc')
			.executeTakeFirst();
		if (running) {
			throw new ParcoursError(
				`« ${actor.nom} » a déjà un parcours en cours (n° ${running.id}) : terminez-le avant d’en ouvrir un autre`,
				'actor_id',
				409,
				{
					existing_id: running.id
				}
			);
		}
		const date = input.date ?? today;
		if (date > today) throw new ParcoursError(`date d’accueil (${date}) dans le futur`, 'date');
		const owner = input.owner_id === undefined ? userId(who) : input.owner_id;
		await checkUser(tx, owner, 'owner_id');
		const note = input.note ?? null;
		const row = await tx
			.insertInto('accompaniment')
			.values({ actor_id: input.actor_id, stage: 'accueil', date_accueil: date, owner_id: owner, notes: note, source: 'maillage' })
			.returning(['id', 'version'])
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('accompaniment_step')
			.values({ accompaniment_id: row.id, stage: 'accueil', date, note, user_id: userId(who) })
			.execute();
		await recordAudit(tx, who, {
			action: 'create',
			entity: 'accompaniment',
			entityId: row.id,
			after: { actor_id: input.actor_id, stage: 'accueil', date_accueil: date, owner_id: owner }
		});
		return row;
	});
}

async function lockParcours(tx: Transaction<Database>, id: number, version: number) {
	const row = await tx.selectFrom('accompaniment').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
	if (!row) throw new ParcoursError(`aucun parcours ${id}`, 'id', 404);
	if (row.version !== version) throw new ParcoursError(CONFLICT, 'version', 409);
	return row;
}

/**
 * Moves a parcours to a stage (or records a follow-up at suivi): the rules of
 * domain/parcours/transitions.ts, the stage and its date column, a step in the journal.
 */
export async function moveParcours(
	db: Kysely<Database>,
	id: number,
	move: ParcoursMoveInput,
	who: AuditActor | null,
	today: string
): Promise<{ version: number; stage: ParcoursDetail['stage'] }> {
	return db.transaction().execute(async (tx) => {
		const row = await lockParcours(tx, id, move.version);
		const check = checkMove(
			row,
			{ stage: move.stage, date: move.date, oriente_vers: move.oriente_vers, ingenierie_type: move.ingenierie_type },
			today
		);
		if (!check.ok) throw new ParcoursError(check.message, check.field);
		const changes: Record<string, unknown> = moveChanges(row, move);
		if (move.stage === 'oriente') changes.oriente_vers = move.oriente_vers!.trim();
		if (move.prestataire_id !== undefined) {
			changes.prestataire_nom = await prestataireName(tx, move.prestataire_id);
			changes.prestataire_id = move.prestataire_id;
		}
		const saved = await tx
			.updateTable('accompaniment')
			.set({ ...changes, version: sql`version + 1`, updated_at: new Date() })
			.where('id', '=', id)
			.returning(['version', 'stage'])
			.executeTakeFirstOrThrow();
		const note = move.note ?? null;
		await tx
			.insertInto('accompaniment_step')
			.values({ accompaniment_id: id, stage: move.stage, date: move.date, note, user_id: userId(who) })
			.execute();
		await recordAudit(tx, who, {
			action: 'move',
			entity: 'accompaniment',
			entityId: id,
			before: { stage: row.stage, ...Object.fromEntries(Object.keys(changes).map((k) => [k, row[k as keyof typeof row] ?? null])) },
			after: { ...changes, date: move.date, note }
		});
		return saved;
	});
}

/** An issue of the whole-parcours check is the edit's when it is about a field it changed. */
function concerns(field: string, changed: Set<string>): boolean {
	if (changed.has(field)) return true;
	if (field === 'emplois_consolides') return ['emplois_cdi', 'emplois_cdd'].some((f) => changed.has(f));
	return false;
}

/**
 * Changes the editable fields. The parcours with its changes goes through the import's schema
 * (stage dates, jobs), so that an edit cannot store what an import would refuse; an old
 * inconsistency of a field the edit does not touch does not block it.
 */
export async function editParcours(
	db: Kysely<Database>,
	id: number,
	version: number,
	changes: ParcoursChanges,
	who: AuditActor | null
): Promise<{ version: number }> {
	return db.transaction().execute(async (tx) => {
		const row = await lockParcours(tx, id, version);
		const changed = new Set(Object.keys(changes));
		const next = { ...row, ...changes };
		const whole = accompanimentSchema.safeParse({ ...next, prestataire: next.prestataire_nom });
		if (!whole.success) {
			const issue = whole.error.issues.find((i) => concerns(String(i.path[0]), changed));
			if (issue) throw new ParcoursError(`${String(issue.path[0])} : ${issue.message}`, String(issue.path[0]));
		}
		if (
			next.date_fin_ingenierie &&
			next.date_ingenierie &&
			next.date_fin_ingenierie < next.date_ingenierie &&
			changed.has('date_fin_ingenierie')
		) {
			throw new ParcoursError(
				`fin de l’ingénierie (${next.date_fin_ingenierie}) antérieure à son début (${next.date_ingenierie})`,
				'date_fin_ingenierie'
			);
		}
		if (changed.has('owner_id')) await checkUser(tx, changes.owner_id, 'owner_id');
		const values: Record<string, unknown> = { ...changes };
		if (changed.has('prestataire_id')) values.prestataire_nom = await prestataireName(tx, changes.prestataire_id);
		if (changed.has('documents')) values.documents = JSON.stringify(changes.documents ?? []);
		if (changed.has('themes')) values.themes = changes.themes ?? [];
		const saved = await tx
			.updateTable('accompaniment')
			.set({ ...values, version: sql`version + 1`, updated_at: new Date() })
			.where('id', '=', id)
			.returning('version')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, {
			action: 'update',
			entity: 'accompaniment',
			entityId: id,
			before: Object.fromEntries([...changed].map((k) => [k, row[k as keyof typeof row] ?? null])),
			after: changes
		});
		return saved;
	});
}

/** A contact with a structure, in its contact log (it clears the follow-ups it answers). */
export async function recordContact(
	db: Kysely<Database>,
	actorId: number,
	contact: ParcoursContact,
	who: AuditActor | null,
	today: string
): Promise<{ id: number }> {
	if (contact.date > today)
		throw new ParcoursError(`date (${contact.date}) dans le futur : un échange s’enregistre une fois eu lieu`, 'date');
	return db.transaction().execute(async (tx) => {
		const actor = await tx.selectFrom('actor').select('id').where('id', '=', actorId).executeTakeFirst();
		if (!actor) throw new ParcoursError(`aucun acteur ${actorId}`, 'id', 404);
		const row = await tx
			.insertInto('contact_log')
			.values({
				actor_id: actorId,
				date: contact.date,
				type: contact.type,
				who: who?.email ?? null,
				note: contact.note ?? null,
				source: 'maillage'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, { action: 'create', entity: 'contact_log', entityId: row.id, after: { actor_id: actorId, ...contact } });
		return row;
	});
}

/**
 * An ingénierie collective and the parcours of its beneficiary structures: each is linked to it,
 * typed `collective`, and takes its prestataire. Their stage does not move: the officer moves each
 * parcours to ingénierie when its structure starts (the diagnostic rule holds for each).
 */
export async function createCollective(db: Kysely<Database>, input: CollectiveInput, who: AuditActor | null): Promise<{ id: number }> {
	return db.transaction().execute(async (tx) => {
		const prestataireNom = await prestataireName(tx, input.prestataire_id);
		const parcours = await tx
			.selectFrom('accompaniment')
			.select(['id', 'stage', 'actor_id', 'ingenierie_collective_id'])
			.where('id', 'in', input.accompaniment_ids)
			.forUpdate()
			.execute();
		const found = new Map(parcours.map((p) => [p.id, p]));
		const missing = input.accompaniment_ids.find((id) => !found.has(id));
		if (missing) throw new ParcoursError(`aucun parcours ${missing}`, 'accompaniment_ids');
		const ended = parcours.find((p) => !isActiveStage(p.stage));
		if (ended) throw new ParcoursError(`le parcours ${ended.id} est terminé : il ne rejoint plus d’ingénierie`, 'accompaniment_ids');
		const row = await tx
			.insertInto('ingenierie_collective')
			.values({
				titre: input.titre,
				theme: input.theme ?? null,
				prestataire_id: input.prestataire_id ?? null,
				budget_eur: input.budget_eur ?? null,
				jours: input.jours ?? null,
				date_debut: input.date_debut,
				date_fin: input.date_fin ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.updateTable('accompaniment')
			.set({
				ingenierie_collective_id: row.id,
				ingenierie_type: 'collective',
				...(input.prestataire_id ? { prestataire_id: input.prestataire_id, prestataire_nom: prestataireNom } : {}),
				version: sql`version + 1`,
				updated_at: new Date()
			})
			.where('id', 'in', input.accompaniment_ids)
			.execute();
		await recordAudit(tx, who, { action: 'create', entity: 'ingenierie_collective', entityId: row.id, after: input });
		return row;
	});
}

// ——— « À faire » ———

/**
 * What the officer has to do: follow-ups due (overdue, or due within `todo_horizon_days`), parcours
 * stalled at their stage, and structures met recently (contact or visit within
 * `met_not_opened_days`) that have no parcours running nor started since.
 */
export async function parcoursTodo(db: Db, query: TodoQuery, viewer: Viewer, context: ParcoursContext): Promise<ParcoursTodo> {
	const { config, today } = context;
	const rows = await boardRows(db, { ...query, secteur: [], etat: 'en_cours' }, viewer, context);
	const followups: TodoFollowup[] = rows
		.flatMap((card) =>
			followupsOf(
				card.followups.filter((f) => f.a_faire),
				card
			)
		)
		.sort((a, b) => a.due.localeCompare(b.due) || a.accompaniment_id - b.accompaniment_id);
	const stalled: TodoStalled[] = rows
		.filter((card) => card.stalled)
		.map((card) => ({
			accompaniment_id: card.id,
			actor_id: card.actor_id,
			actor_nom: card.actor_nom,
			commune_nom: card.commune_nom,
			stage: card.stage,
			days_in_stage: card.days_in_stage,
			limit_days: stalledLimit(card.stage, config)!,
			owner_id: card.owner_id
		}))
		.sort((a, b) => b.days_in_stage - b.limit_days - (a.days_in_stage - a.limit_days));
	return { today, followups, stalled, met_not_opened: await metNotOpened(db, query, viewer, context) };
}

async function metNotOpened(db: Db, query: TodoQuery, viewer: Viewer, context: ParcoursContext): Promise<TodoMetNotOpened[]> {
	const since = addDays(context.today, -context.config.met_not_opened_days);
	const owner = ownerId(query.owner, viewer);
	// Whose contacts: an officer's are logged under their e-mail (trip visits, « À faire »).
	const ownerEmail =
		typeof owner === 'number'
			? ((await db.selectFrom('app_user').select('email').where('id', '=', owner).executeTakeFirst())?.email ?? '')
			: null;
	if (owner === 'aucun') return [];
	const { rows } = await sql<TodoMetNotOpened>`
		WITH met AS (
			SELECT l.actor_id, l.date, CASE WHEN l.type = 'visite' THEN 'visite' ELSE 'contact' END AS via
			FROM contact_log l
			WHERE l.date BETWEEN CAST(${since} AS date) AND CAST(${context.today} AS date)
				${ownerEmail === null ? sql`` : sql`AND l.who = ${ownerEmail}`}
			UNION ALL
			SELECT s.actor_id, s.visited_at::date, 'visite'
			FROM trip_stop s
			WHERE s.status = 'fait' AND s.contact_log_id IS NULL
				AND s.visited_at::date BETWEEN CAST(${since} AS date) AND CAST(${context.today} AS date)
		),
		latest AS (
			SELECT DISTINCT ON (actor_id) actor_id, date, via FROM met ORDER BY actor_id, date DESC, via DESC
		)
		SELECT a.id AS actor_id, a.nom AS actor_nom, c.nom AS commune_nom, m.date::text AS last_contact, m.via
		FROM latest m
		JOIN actor a ON a.id = m.actor_id
		LEFT JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
		WHERE a.kind IN ('structure_ess', 'initiative')
			${query.zone.length ? sql`AND c.zone_code IN (${sql.join(query.zone)})` : sql``}
			${query.epci.length ? sql`AND c.epci_code IN (${sql.join(query.epci)})` : sql``}
			AND NOT EXISTS (
				SELECT 1 FROM accompaniment ac WHERE ac.actor_id = a.id
					AND (ac.stage IN ('accueil', 'diagnostic', 'plan', 'ingenierie', 'suivi') OR ${startSql} >= m.date)
			)
		ORDER BY m.date DESC, a.nom
		LIMIT 200`.execute(db);
	return rows;
}

// ——— Due follow-ups on the map ———

/**
 * The structures with a follow-up « à faire » (overdue, or due within the horizon) and their
 * place: the explorer's layer of due follow-ups. One point per structure (its running parcours),
 * with its earliest pending follow-up; structures without coordinates are left out.
 */
export async function dueFollowupPoints(db: Db, query: TodoQuery, viewer: Viewer, context: ParcoursContext): Promise<DueFollowupPoint[]> {
	const owner = ownerId(query.owner, viewer);
	const rows = await parcoursWithEvents(db)
		.innerJoin('actor as a', 'a.id', 'ac.actor_id')
		.innerJoin('territory as c', (join) => join.on('c.level', '=', 'commune').onRef('c.code', '=', 'a.commune_code'))
		.where('ac.stage', 'in', [...ACTIVE_STAGES])
		.where('a.geom', 'is not', null)
		.where(followupDueSql(context) as RawBuilder<SqlBool>)
		.$if(query.zone.length > 0, (q) => q.where('c.zone_code', 'in', query.zone))
		.$if(query.epci.length > 0, (q) => q.where('c.epci_code', 'in', query.epci))
		.$if(owner === 'aucun', (q) => q.where('ac.owner_id', 'is', null))
		.$if(typeof owner === 'number', (q) => q.where('ac.owner_id', '=', owner as number))
		.select([
			'ac.id as accompaniment_id',
			'a.id as actor_id',
			'a.nom as actor_nom',
			'c.nom as commune_nom',
			'c.epci_code',
			'ac.stage',
			sql<number>`round(ST_X(a.geom)::numeric, 5)::float8`.as('lon'),
			sql<number>`round(ST_Y(a.geom)::numeric, 5)::float8`.as('lat'),
			sql<string>`(${nextDueSql(context)})::text`.as('due'),
			overdueSql(context).as('overdue')
		])
		.orderBy('a.id')
		.execute();
	return rows;
}

// ——— Funnel ———

/**
 * The funnel over a period: the SQL gathers the parcours with a step or an end in the period, each
 * with the group of its structure; the domain counts structures (domain/parcours/funnel.ts).
 */
export async function parcoursFunnel(db: Db, query: FunnelQuery, context: ParcoursContext & { departement: string }): Promise<Funnel> {
	const group =
		query.level === 'zone'
			? sql<string | null>`c.zone_code`
			: query.level === 'epci'
				? sql<string | null>`c.epci_code`
				: sql<string | null>`a.secteur`;
	const { rows } = await sql<FunnelParcours & { ingenierie_type: null }>`
		SELECT ac.actor_id, ${group} AS "group", ac.stage,
			ac.date_accueil::text, ac.date_diagnostic::text, ac.date_plan::text, ac.date_ingenierie::text, ac.date_suivi::text, ac.date_fin::text
		FROM accompaniment ac
		JOIN actor a ON a.id = ac.actor_id
		LEFT JOIN territory c ON c.level = 'commune' AND c.code = a.commune_code
		WHERE ${accompanimentHasStepBetween('ac', query.de, query.a)}
			OR (${endSql}) BETWEEN CAST(${query.de} AS date) AND CAST(${query.a} AS date)`.execute(db);
	let groups: { code: string; nom: string }[];
	if (query.level === 'secteur') {
		groups = Object.entries(context.sectorLabels).map(([code, nom]) => ({ code, nom }));
	} else {
		groups = await db
			.selectFrom('territory')
			.select(['code', 'nom'])
			.where('level', '=', query.level)
			.where('departement_code', '=', context.departement)
			.orderBy('nom')
			.execute();
	}
	const dep = await db
		.selectFrom('territory')
		.select(['code', 'nom'])
		.where('level', '=', 'departement')
		.where('code', '=', context.departement)
		.executeTakeFirst();
	const funnel = assembleFunnel(groups, dep ?? { code: context.departement, nom: 'Département' }, rows, query.de, query.a);
	return { level: query.level, de: query.de, a: query.a, rows: funnel.rows, departement: funnel.departement };
}

// ——— Exports ———

export type ParcoursExportRow = ParcoursCard & ParcoursFigures;

/** The board's parcours with their dates and figures (no notes nor findings: exports leave the team). */
export async function parcoursExportRows(
	db: Db,
	query: ParcoursQuery,
	viewer: Viewer,
	context: ParcoursContext
): Promise<ParcoursExportRow[]> {
	const cards = await parcoursBoard(db, query, viewer, context);
	if (!cards.length) return [];
	const details = new Map(
		(
			await db
				.selectFrom('accompaniment')
				.select([
					'id',
					'date_accueil',
					'date_diagnostic',
					'date_plan',
					'date_ingenierie',
					'date_suivi',
					'date_fin',
					'date_fin_ingenierie',
					'oriente_vers',
					'themes',
					'budget_eur',
					'jours',
					'emplois_cdi',
					'emplois_cdd',
					'emplois_consolides'
				])
				.where(
					'id',
					'in',
					cards.map((c) => c.id)
				)
				.execute()
		).map((d) => [d.id, d])
	);
	return cards.map((card) => ({ ...card, ...details.get(card.id)!, id: card.id }));
}

// ——— Calendar feed ———

/** A new calendar token for the user (the previous one revoked): the only moment it exists in clear. */
export async function createCalendarToken(db: Kysely<Database>, who: AuditActor): Promise<string> {
	const token = randomToken();
	await db.transaction().execute(async (tx) => {
		await tx
			.updateTable('calendar_token')
			.set({ revoked_at: new Date() })
			.where('user_id', '=', who.id)
			.where('revoked_at', 'is', null)
			.execute();
		await tx
			.insertInto('calendar_token')
			.values({ user_id: who.id, token_hash: sha256(token) })
			.execute();
		await recordAudit(tx, who, { action: 'create', entity: 'calendar_token', entityId: who.id });
	});
	return token;
}

/** Whether the user has a calendar address in use (its secret is not kept: it cannot be shown again). */
export async function hasCalendarToken(db: Db, userIdValue: number): Promise<boolean> {
	const token = await db
		.selectFrom('calendar_token')
		.select('id')
		.where('user_id', '=', userIdValue)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return !!token;
}

/** The partner actors, the prestataires a parcours or an ingénierie collective may name. */
export async function partnerActors(db: Db) {
	return db.selectFrom('actor').select(['id', 'nom', 'tags']).where('kind', '=', 'partenaire').orderBy('nom').orderBy('id').execute();
}

/** Revokes the user's calendar token; false when there was none. */
export async function revokeCalendarToken(db: Kysely<Database>, who: AuditActor): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const revoked = await tx
			.updateTable('calendar_token')
			.set({ revoked_at: new Date() })
			.where('user_id', '=', who.id)
			.where('revoked_at', 'is', null)
			.returning('id')
			.execute();
		if (revoked.length) await recordAudit(tx, who, { action: 'revoke', entity: 'calendar_token', entityId: who.id });
		return revoked.length > 0;
	});
}

/** The user of a calendar token still valid (not revoked, account enabled), or null. */
export async function calendarTokenUser(db: Db, token: string): Promise<{ id: number; nom: string; email: string } | null> {
	if (!/^[\w-]{20,100}$/.test(token)) return null;
	const row = await db
		.selectFrom('calendar_token as t')
		.innerJoin('app_user as u', 'u.id', 't.user_id')
		.select(['u.id', 'u.nom', 'u.email'])
		.where('t.token_hash', '=', sha256(token))
		.where('t.revoked_at', 'is', null)
		.where('u.disabled', '=', false)
		.executeTakeFirst();
	return row ?? null;
}

export interface CalendarFollowup extends TodoFollowup {
	stage: ParcoursCard['stage'];
}

/** A parcours' due follow-ups as lines of « À faire » and events of the calendar feed. */
function followupsOf(followups: Followup[], card: Awaited<ReturnType<typeof boardRows>>[number]): CalendarFollowup[] {
	return followups.map((f) => ({
		accompaniment_id: card.id,
		actor_id: card.actor_id,
		actor_nom: card.actor_nom,
		commune_nom: card.commune_nom,
		epci_code: card.epci_code,
		kind: f.kind as TodoKind,
		due: f.due,
		overdue: f.overdue,
		owner_id: card.owner_id,
		stage: card.stage
	}));
}

/** Every pending follow-up (past and future) of the parcours a user follows, for the calendar feed. */
export async function calendarFollowups(db: Db, userIdValue: number, context: ParcoursContext): Promise<CalendarFollowup[]> {
	const rows = await boardRows(
		db,
		{ zone: [], epci: [], secteur: [], etat: 'en_cours', owner: userIdValue },
		{ user: null, withPersonalData: false },
		context
	);
	return rows.flatMap((card) => followupsOf(card.followups, card)).sort((a, b) => a.due.localeCompare(b.due));
}
