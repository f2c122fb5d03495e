// The events aggregate (issue 16, « Rencontres »): an event, its invitation list built from the
// explorer's actor filters over the event's territory, registrations and attendance (by hand or
// from the sign-in sheet typed back), the accueils it leads to and what it reached. Every write is
// one transaction with its audit entry. Attendance of a structure is ONE contact-log entry of type
// `evenement` per event (source `rencontre`, source_id `rencontre:<id>:acteur:<actor>`): recording
// the same attendance again, or importing the same sheet twice, writes nothing.
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { PublicRencontre } from '../../dto/rencontre';
import type { ActorFilter } from '../../schemas/actor-filter';
import type { AttendanceInput, InviteAdd, RencontreInput, RencontreKind, RencontreStatus, SignInRow } from '../../schemas/rencontre';
import { signInRowSchema } from '../../schemas/rencontre';
import { firstIssue } from '../../schemas/issues';
import { recordAudit, type AuditActor } from '../audit';
import type { Database } from '../db/schema';
import { analyzeTables } from '../db/analyze';
import { headerLookup } from '../imports/detect';
import { ImportFileError } from '../imports/errors';
import { openTable } from '../imports/open';
import { filteredActors } from './actor-list';
import { openParcours } from './parcours';
import { refuse, type Outcome } from './outcome';

type Db = Kysely<Database> | Transaction<Database>;

export const CONTACT_LOG_SOURCE = 'rencontre';
const contactLogKey = (rencontreId: number, actorId: number) => `rencontre:${rencontreId}:acteur:${actorId}`;

export interface RencontreRow {
	id: number;
	titre: string;
	kind: RencontreKind;
	date: string;
	heure_debut: string;
	heure_fin: string | null;
	status: RencontreStatus;
	lieu: string | null;
	invites: number;
	presents: number;
}

export interface InviteRow {
	id: number;
	actor_id: number;
	actor: string;
	actor_kind: string;
	secteur: string | null;
	commune: string;
	adresse: string | null;
	code_postal: string | null;
	/** The actor's DLA status (`jamais`: never accompanied). */
	dla_status: string;
	/** Null for a user not allowed to see personal data. */
	personne: string | null;
	role: string | null;
	email: string | null;
	telephone: string | null;
	base_legale: string | null;
	origine: 'filtre' | 'manuel' | 'emargement' | 'inscription';
	inscrit: boolean;
	/** Registered on the event's public page (rencontre-inscriptions.ts). */
	en_ligne: boolean;
	present: boolean;
}

export interface RencontreOutcomes {
	/** Distinct actors with someone present. */
	reached: number;
	byZone: { code: string | null; nom: string | null; n: number }[];
	bySecteur: { secteur: string | null; n: number }[];
	/** Actors met for the first time: no contact logged before the event. */
	firstContacts: number;
	/** « Issues de rencontres »: structures present whose parcours opened within 12 months after the event. */
	enteredParcours: number;
	/** Structures present, never accompanied: proposed for an accueil. */
	proposals: { actor_id: number; nom: string }[];
}

export interface RencontreDetail {
	id: number;
	titre: string;
	kind: RencontreKind;
	date: string;
	heure_debut: string;
	heure_fin: string | null;
	lieu_actor_id: number | null;
	lieu_actor: string | null;
	lieu_adresse: string | null;
	lon: number | null;
	lat: number | null;
	territoire_level: 'zone' | 'epci' | 'commune' | null;
	territoire: { code: string; nom: string }[];
	themes: string[];
	secteurs: string[];
	organisateur_id: number | null;
	organisateur: string | null;
	co_organisateurs: { id: number; nom: string }[];
	status: RencontreStatus;
	notes: string | null;
	version: number;
	invites: InviteRow[];
	outcomes: RencontreOutcomes;
}

/** What and when an event is (alias `r`): read by the list, the event's page and its public registration page. */
export const RENCONTRE_WHEN = [
	'r.titre',
	'r.kind',
	sql<string>`r.date::text`.as('date'),
	'r.heure_debut',
	'r.heure_fin',
	'r.status'
] as const;

export async function listRencontres(db: Db): Promise<RencontreRow[]> {
	const rows = await db
		.selectFrom('rencontre as r')
		.leftJoin('actor as l', 'l.id', 'r.lieu_actor_id')
		.select([
			'r.id',
			...RENCONTRE_WHEN,
			sql<string | null>`coalesce(l.nom, r.lieu_adresse)`.as('lieu'),
			(eb) =>
				eb
					.selectFrom('rencontre_invite as i')
					.whereRef('i.rencontre_id', '=', 'r.id')
					.select(sql<number>`count(*)::int`.as('n'))
					.as('invites'),
			(eb) =>
				eb
					.selectFrom('rencontre_invite as i')
					.whereRef('i.rencontre_id', '=', 'r.id')
					.where('i.present', '=', true)
					.select(sql<number>`count(*)::int`.as('n'))
					.as('presents')
		])
		.orderBy('r.date')
		.orderBy('r.heure_debut')
		.orderBy('r.id')
		.execute();
	return rows.map((r) => ({ ...r, invites: Number(r.invites ?? 0), presents: Number(r.presents ?? 0) }));
}

function pointSql(input: RencontreInput) {
	return input.lon !== null && input.lat !== null ? sql<string>`ST_SetSRID(ST_MakePoint(${input.lon}, ${input.lat}), 4326)` : null;
}

/** The place of the event as a point: the one given, else the place actor's. */
async function placePoint(tx: Db, input: RencontreInput) {
	const given = pointSql(input);
	if (given || input.lieu_actor_id === null) return given;
	return sql<string>`(SELECT geom FROM actor WHERE id = ${input.lieu_actor_id})`;
}

async function checkActors(tx: Db, input: RencontreInput): Promise<string | null> {
	const ids = [input.lieu_actor_id, input.organisateur_id, ...input.co_organisateurs].filter((id): id is number => id !== null);
	if (!ids.length) return null;
	const found = new Set((await tx.selectFrom('actor').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
	const missing = ids.find((id) => !found.has(id));
	return missing === undefined ? null : `aucun acteur ${missing}`;
}

function columns(input: RencontreInput) {
	const { lon: _lon, lat: _lat, heure_debut, ...rest } = input;
	return { ...rest, heure_debut: heure_debut! };
}

export async function createRencontre(
	db: Kysely<Database>,
	input: RencontreInput,
	who: AuditActor | null
): Promise<Outcome<{ id: number }>> {
	return db.transaction().execute(async (tx) => {
		const missing = await checkActors(tx, input);
		if (missing) return refuse(400, missing, 'organisateur_id');
		const row = await tx
			.insertInto('rencontre')
			.values({ ...columns(input), geom: await placePoint(tx, input), created_by: who && who.id > 0 ? who.id : null })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, { action: 'create', entity: 'rencontre', entityId: row.id, after: input });
		return { ok: true as const, id: row.id };
	});
}

export async function updateRencontre(
	db: Kysely<Database>,
	id: number,
	version: number,
	input: RencontreInput,
	who: AuditActor | null
): Promise<Outcome<{ version: number }>> {
	return db.transaction().execute(async (tx) => {
		const before = await tx.selectFrom('rencontre').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
		if (!before) return refuse(404, `aucune rencontre ${id}`, 'id');
		if (before.version !== version)
			return refuse(409, 'Cette rencontre a été modifiée entre-temps : rechargez-la avant d’enregistrer', 'version');
		const missing = await checkActors(tx, input);
		if (missing) return refuse(400, missing, 'organisateur_id');
		const saved = await tx
			.updateTable('rencontre')
			.set({ ...columns(input), geom: await placePoint(tx, input), version: version + 1, updated_at: new Date() })
			.where('id', '=', id)
			.returning('version')
			.executeTakeFirstOrThrow();
		const { geom: _geom, ...kept } = before;
		await recordAudit(tx, who, { action: 'update', entity: 'rencontre', entityId: id, before: kept, after: input });
		return { ok: true as const, version: saved.version };
	});
}

export async function deleteRencontre(db: Kysely<Database>, id: number, who: AuditActor | null): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const gone = await tx.deleteFrom('rencontre').where('id', '=', id).returning(['id', 'titre']).executeTakeFirst();
		if (!gone) return false;
		await recordAudit(tx, who, { action: 'delete', entity: 'rencontre', entityId: id, before: gone });
		return true;
	});
}

/** The event's territory as actor filter fields (zone, EPCI or communes). */
export function territoryFilter(r: {
	territoire_level: 'zone' | 'epci' | 'commune' | null;
	territoire_codes: string[];
}): Partial<ActorFilter> {
	return r.territoire_level ? { [r.territoire_level]: r.territoire_codes } : {};
}

/**
 * The invitation lines a filter gives, before any is saved: one per contact person of each actor
 * under the filter, and one for an actor without contact. The filter is the explorer's (the one
 * place a filter becomes SQL), within the event's territory.
 */
export async function invitationCandidates(db: Db, rencontreId: number, filter: ActorFilter) {
	const r = await db
		.selectFrom('rencontre')
		.select(['territoire_level', 'territoire_codes'])
		.where('id', '=', rencontreId)
		.executeTakeFirst();
	if (!r) return null;
	const actors = (await filteredActors(db as Kysely<Database>, { ...filter, ...territoryFilter(r) })).select('a.id');
	return db
		.selectFrom('actor as x')
		.leftJoin('contact as c', 'c.actor_id', 'x.id')
		.where('x.id', 'in', actors)
		.select(['x.id as actor_id', 'c.id as contact_id'])
		.orderBy('x.id')
		.orderBy('c.id')
		.execute();
}

/** Adds the lines a filter gives; lines already on the list stay as they are. */
export async function inviteFromFilter(
	db: Kysely<Database>,
	rencontreId: number,
	filter: ActorFilter,
	who: AuditActor | null
): Promise<Outcome<{ added: number }>> {
	return db.transaction().execute(async (tx) => {
		const lines = await invitationCandidates(tx, rencontreId, filter);
		if (!lines) return refuse(404, `aucune rencontre ${rencontreId}`, 'id');
		const added = await insertLines(
			tx,
			lines.map((l) => ({
				rencontre_id: rencontreId,
				actor_id: l.actor_id,
				contact_id: l.contact_id,
				personne: null,
				origine: 'filtre' as const
			}))
		);
		await recordAudit(tx, who, { action: 'invite', entity: 'rencontre', entityId: rencontreId, after: { filter, added } });
		return { ok: true as const, added };
	});
}

type NewLine = {
	rencontre_id: number;
	actor_id: number;
	contact_id: number | null;
	personne: string | null;
	origine: 'filtre' | 'manuel' | 'emargement' | 'inscription';
};

export async function insertLines(tx: Db, lines: NewLine[]): Promise<number> {
	if (!lines.length) return 0;
	const result = await sql`
		INSERT INTO rencontre_invite (rencontre_id, actor_id, contact_id, personne, origine)
		SELECT rencontre_id, actor_id, contact_id, personne, origine
		FROM json_to_recordset(${JSON.stringify(lines)}::json)
			AS l(rencontre_id integer, actor_id integer, contact_id integer, personne text, origine text)
		ON CONFLICT (rencontre_id, actor_id, coalesce(contact_id, 0), coalesce(lower(personne), '')) DO NOTHING`.execute(tx);
	return Number(result.numAffectedRows ?? 0);
}

export async function addInvite(
	db: Kysely<Database>,
	rencontreId: number,
	input: InviteAdd,
	who: AuditActor | null
): Promise<Outcome<{ added: number }>> {
	return db.transaction().execute(async (tx) => {
		const r = await tx.selectFrom('rencontre').select('id').where('id', '=', rencontreId).executeTakeFirst();
		if (!r) return refuse(404, `aucune rencontre ${rencontreId}`, 'id');
		const actor = await tx.selectFrom('actor').select('id').where('id', '=', input.actor_id).executeTakeFirst();
		if (!actor) return refuse(404, `aucun acteur ${input.actor_id}`, 'actor_id');
		if (input.contact_id !== null) {
			const contact = await tx
				.selectFrom('contact')
				.select('id')
				.where('id', '=', input.contact_id)
				.where('actor_id', '=', input.actor_id)
				.executeTakeFirst();
			if (!contact) return refuse(400, `le contact ${input.contact_id} n’est pas une personne de cet acteur`, 'contact_id');
		}
		const contacts =
			input.contact_id === null && input.personne === null
				? (await tx.selectFrom('contact').select('id').where('actor_id', '=', input.actor_id).orderBy('id').execute()).map((c) => c.id)
				: [input.contact_id];
		const lines = (contacts.length ? contacts : [null]).map((contact_id) => ({
			rencontre_id: rencontreId,
			actor_id: input.actor_id,
			contact_id,
			personne: input.personne,
			origine: 'manuel' as const
		}));
		const added = await insertLines(tx, lines);
		await recordAudit(tx, who, { action: 'invite', entity: 'rencontre', entityId: rencontreId, after: { ...input, added } });
		return { ok: true as const, added };
	});
}

export async function removeInvite(db: Kysely<Database>, rencontreId: number, inviteId: number, who: AuditActor | null): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const gone = await tx
			.deleteFrom('rencontre_invite')
			.where('rencontre_id', '=', rencontreId)
			.where('id', '=', inviteId)
			.returning(['actor_id', 'contact_id', 'personne', 'present'])
			.executeTakeFirst();
		if (!gone) return false;
		if (gone.present) await syncContactLog(tx, rencontreId, gone.actor_id, who);
		await recordAudit(tx, who, { action: 'uninvite', entity: 'rencontre', entityId: rencontreId, before: gone });
		return true;
	});
}

/**
 * The contact-log entry of an actor's attendance: one while someone of the actor is marked
 * present, none otherwise. Writes only when that changes (returns whether it did).
 */
async function syncContactLog(tx: Db, rencontreId: number, actorId: number, who: AuditActor | null): Promise<boolean> {
	const r = await tx
		.selectFrom('rencontre')
		.select(['titre', sql<string>`date::text`.as('date')])
		.where('id', '=', rencontreId)
		.executeTakeFirstOrThrow();
	const came = await tx
		.selectFrom('rencontre_invite as i')
		.leftJoin('contact as c', 'c.id', 'i.contact_id')
		.select(sql<string | null>`coalesce(c.nom, i.personne)`.as('nom'))
		.where('i.rencontre_id', '=', rencontreId)
		.where('i.actor_id', '=', actorId)
		.where('i.present', '=', true)
		.orderBy('i.id')
		.execute();
	const key = contactLogKey(rencontreId, actorId);
	if (!came.length) {
		const deleted = await tx
			.deleteFrom('contact_log')
			.where('source', '=', CONTACT_LOG_SOURCE)
			.where('source_id', '=', key)
			.executeTakeFirst();
		return Number(deleted.numDeletedRows) > 0;
	}
	const names = came.map((c) => c.nom).filter((n): n is string => !!n);
	const note = `Présent·e à « ${r.titre} »${names.length ? ` : ${names.join(', ')}` : ''}`;
	const result = await sql`
		INSERT INTO contact_log (actor_id, date, type, who, note, source, source_id)
		VALUES (${actorId}, ${r.date}::date, 'evenement', ${who?.email ?? null}, ${note}, ${CONTACT_LOG_SOURCE}, ${key})
		ON CONFLICT (source, source_id) WHERE source_id IS NOT NULL DO UPDATE SET date = excluded.date, note = excluded.note
		WHERE (contact_log.date, contact_log.note) IS DISTINCT FROM (excluded.date, excluded.note)`.execute(tx);
	return Number(result.numAffectedRows ?? 0) > 0;
}

async function eventDate(tx: Db, rencontreId: number) {
	return tx
		.selectFrom('rencontre')
		.select(sql<string>`date::text`.as('date'))
		.where('id', '=', rencontreId)
		.executeTakeFirst();
}

const FUTURE = 'la rencontre n’a pas encore eu lieu : la présence s’enregistre le jour même ou après';

/** Registration and attendance of one line, by hand. */
export async function setAttendance(
	db: Kysely<Database>,
	rencontreId: number,
	input: AttendanceInput,
	who: AuditActor | null,
	today: string
): Promise<Outcome<{ changed: boolean }>> {
	return db.transaction().execute(async (tx) => {
		const r = await eventDate(tx, rencontreId);
		if (!r) return refuse(404, `aucune rencontre ${rencontreId}`, 'id');
		if (input.present === true && r.date > today) return refuse(400, FUTURE, 'present');
		const line = await tx
			.selectFrom('rencontre_invite')
			.selectAll()
			.where('rencontre_id', '=', rencontreId)
			.where('id', '=', input.invite_id)
			.forUpdate()
			.executeTakeFirst();
		if (!line) return refuse(404, `aucune ligne ${input.invite_id} sur cette liste`, 'invite_id');
		const changed = await applyAttendance(tx, rencontreId, line, input, who);
		return { ok: true as const, changed };
	});
}

export async function applyAttendance(
	tx: Db,
	rencontreId: number,
	line: { id: number; actor_id: number; inscrit: boolean; present: boolean },
	input: { inscrit: boolean | null; present: boolean | null },
	who: AuditActor | null
): Promise<boolean> {
	const inscrit = input.inscrit ?? line.inscrit;
	// Someone who came had registered, whether or not it was recorded.
	const present = input.present ?? line.present;
	const next = { inscrit: inscrit || present, present };
	if (next.inscrit === line.inscrit && next.present === line.present) return false;
	await tx.updateTable('rencontre_invite').set(next).where('id', '=', line.id).execute();
	if (next.present !== line.present) await syncContactLog(tx, rencontreId, line.actor_id, who);
	await recordAudit(tx, who, {
		action: 'attendance',
		entity: 'rencontre',
		entityId: rencontreId,
		before: { invite_id: line.id, inscrit: line.inscrit, present: line.present },
		after: { invite_id: line.id, ...next }
	});
	return true;
}

export interface SignInRejection {
	line: number;
	column: string | null;
	reason: string;
}

export interface SignInReport {
	read: number;
	changed: number;
	unchanged: number;
	added: number;
	rejected: SignInRejection[];
}

const SIGN_IN_COLUMNS = {
	ligne: 'ligne',
	acteur: 'identifiant maillage',
	personne: 'personne',
	inscrit: 'inscrit',
	present: 'présent'
} as const;

/**
 * The sign-in sheet typed back (CSV or XLSX, the columns of the sheet's export): each row sets a line's
 * registration and attendance; a row naming an actor and a person not on the list adds them
 * (someone who came uninvited). Bad rows are rejected one by one with their reason; the others
 * are applied. Importing the same sheet again changes nothing.
 */
export async function importSignInSheet(
	db: Kysely<Database>,
	rencontreId: number,
	file: Uint8Array,
	who: AuditActor | null,
	today: string,
	fileName?: string
): Promise<Outcome<{ report: SignInReport }>> {
	let table;
	try {
		table = await openTable(file, { fileName });
	} catch (error) {
		if (error instanceof ImportFileError) return refuse(400, error.message, 'fichier');
		throw error;
	}
	const find = headerLookup(table.headers);
	const header = Object.fromEntries(Object.entries(SIGN_IN_COLUMNS).map(([field, name]) => [field, find(name)])) as Record<
		keyof typeof SIGN_IN_COLUMNS,
		string | undefined
	>;
	if (!header.ligne && !header.acteur) return refuse(400, 'colonne « Ligne » ou « Identifiant Maillage » introuvable', 'fichier');
	if (!header.present && !header.inscrit) return refuse(400, 'colonne « Présent » ou « Inscrit » introuvable', 'fichier');
	const rows: { line: number; row: SignInRow }[] = [];
	const report: SignInReport = { read: 0, changed: 0, unchanged: 0, added: 0, rejected: [] };
	for await (const source of table.rows) {
		report.read++;
		if (source.problem) {
			report.rejected.push({ line: source.line, column: null, reason: source.problem });
			continue;
		}
		const raw = Object.fromEntries(Object.entries(header).map(([field, name]) => [field, name ? source.record[name] : undefined]));
		const parsed = signInRowSchema.safeParse(raw);
		if (!parsed.success) {
			const issue = firstIssue(parsed.error);
			report.rejected.push({ line: source.line, column: header[issue.field as keyof typeof header] ?? null, reason: issue.message });
			continue;
		}
		rows.push({ line: source.line, row: parsed.data });
	}
	const done = await db.transaction().execute(async (tx) => {
		const r = await eventDate(tx, rencontreId);
		if (!r) return refuse(404, `aucune rencontre ${rencontreId}`, 'id');
		for (const { line, row } of rows) {
			if (row.present === true && r.date > today) {
				report.rejected.push({ line, column: header.present ?? null, reason: FUTURE });
				continue;
			}
			let invite = await findLine(tx, rencontreId, row);
			if ('reason' in invite) {
				report.rejected.push({ line, column: invite.column, reason: invite.reason });
				continue;
			}
			if (invite.line === null) {
				await insertLines(tx, [
					{ rencontre_id: rencontreId, actor_id: row.acteur!, contact_id: null, personne: row.personne, origine: 'emargement' }
				]);
				report.added++;
				invite = await findLine(tx, rencontreId, row);
				if ('reason' in invite || invite.line === null) throw new Error('ligne d’émargement introuvable après ajout');
			}
			if (await applyAttendance(tx, rencontreId, invite.line, row, who)) report.changed++;
			else report.unchanged++;
		}
		report.rejected.sort((a, b) => a.line - b.line);
		await recordAudit(tx, who, {
			action: 'import_emargement',
			entity: 'rencontre',
			entityId: rencontreId,
			after: { read: report.read, changed: report.changed, added: report.added, rejected: report.rejected.length }
		});
		return { ok: true as const, report };
	});
	// A sheet may add lines and contact-log entries in bulk: the planner learns of them.
	if (done.ok && (report.changed || report.added)) await analyzeTables(db, ['rencontre_invite', 'contact_log']);
	return done;
}

type LineLookup =
	{ line: { id: number; actor_id: number; inscrit: boolean; present: boolean } | null } | { column: string | null; reason: string };

async function findLine(tx: Db, rencontreId: number, row: SignInRow): Promise<LineLookup> {
	const base = tx
		.selectFrom('rencontre_invite as i')
		.select(['i.id', 'i.actor_id', 'i.inscrit', 'i.present'])
		.where('i.rencontre_id', '=', rencontreId);
	if (row.ligne !== null) {
		const line = await base.where('i.id', '=', row.ligne).executeTakeFirst();
		if (!line) return { column: 'Ligne', reason: `aucune ligne ${row.ligne} sur la liste de cette rencontre` };
		if (row.acteur !== null && row.acteur !== line.actor_id)
			return { column: 'Identifiant Maillage', reason: `la ligne ${row.ligne} est celle d’un autre acteur (${line.actor_id})` };
		return { line };
	}
	const actor = await tx.selectFrom('actor').select('id').where('id', '=', row.acteur!).executeTakeFirst();
	if (!actor) return { column: 'Identifiant Maillage', reason: `aucun acteur ${row.acteur}` };
	const lines = await base
		.leftJoin('contact as c', 'c.id', 'i.contact_id')
		.where('i.actor_id', '=', row.acteur!)
		.$if(row.personne !== null, (q) => q.where(sql`lower(coalesce(c.nom, i.personne))`, '=', row.personne!.toLowerCase()))
		.$if(row.personne === null, (q) => q.where('i.contact_id', 'is', null).where('i.personne', 'is', null))
		.execute();
	if (lines.length > 1) return { column: 'Personne', reason: 'plusieurs lignes pour cette personne : indiquez le numéro de ligne' };
	return { line: lines[0] ?? null };
}

/** The invitation list, contact persons only for users allowed to see personal data. */
export async function invitationList(db: Db, rencontreId: number, withPersonalData: boolean): Promise<InviteRow[]> {
	const rows = await db
		.selectFrom('rencontre_invite as i')
		.innerJoin('actor as a', 'a.id', 'i.actor_id')
		.innerJoin('territory as t', (j) => j.on('t.level', '=', 'commune').onRef('t.code', '=', 'a.commune_code'))
		.leftJoin('contact as c', 'c.id', 'i.contact_id')
		.select([
			'i.id',
			'i.actor_id',
			'a.nom as actor',
			'a.kind as actor_kind',
			'a.secteur',
			't.nom as commune',
			'a.adresse',
			'a.code_postal',
			sql<string>`CASE WHEN EXISTS (SELECT 1 FROM accompaniment ac WHERE ac.actor_id = a.id) THEN 'connu' ELSE 'jamais' END`.as(
				'dla_status'
			),
			sql<string | null>`coalesce(c.nom, i.personne)`.as('personne'),
			'c.role',
			'c.email',
			'c.telephone',
			'c.base_legale',
			'i.origine',
			'i.inscrit',
			sql<boolean>`EXISTS (SELECT 1 FROM rencontre_inscription ri WHERE ri.invite_id = i.id)`.as('en_ligne'),
			'i.present'
		])
		.where('i.rencontre_id', '=', rencontreId)
		.orderBy('a.nom')
		.orderBy('i.id')
		.execute();
	return rows.map((r) =>
		withPersonalData ? r : { ...r, personne: null, role: null, email: null, telephone: null, base_legale: null }
	) as InviteRow[];
}

/**
 * « Issues de rencontres », written once for the event's page and the yearly indicators: the
 * structure `actorId` (a column reference) entered a parcours after an event held on `day` when the
 * first parcours it opened (date d'accueil) on or after that day is dated within the 12 months
 * that follow. A structure is one whatever the number of its parcours: count it DISTINCT.
 */
export function enteredParcoursAfter(actorId: string, day: RawBuilder<unknown>): RawBuilder<SqlBool> {
	return sql<SqlBool>`EXISTS (
		SELECT 1 FROM accompaniment acr
		WHERE acr.actor_id = ${sql.ref(actorId)}
			AND acr.date_accueil >= ${day} AND acr.date_accueil <= (${day} + interval '12 months')::date)`;
}

/**
 * The attendances that count for « issues de rencontres » (a FROM-able body): one row per actor
 * and event it attended (someone marked present), with the event's date. An event with attendance
 * recorded was held, whatever its status.
 */
export function rencontreAttendances(from: string, to: string): RawBuilder<unknown> {
	return sql`
		SELECT DISTINCT i.actor_id, r.id AS rencontre_id, r.date
		FROM rencontre_invite i JOIN rencontre r ON r.id = i.rencontre_id
		WHERE i.present AND r.date BETWEEN CAST(${from} AS date) AND CAST(${to} AS date)`;
}

/** What the event reached: by zone and sector, first contacts, and the parcours opened within 12 months. */
export async function rencontreOutcomes(db: Db, rencontreId: number): Promise<RencontreOutcomes> {
	const r = await eventDate(db, rencontreId);
	if (!r) throw new Error(`aucune rencontre ${rencontreId}`);
	const reached = db
		.selectFrom('rencontre_invite')
		.select('actor_id')
		.distinct()
		.where('rencontre_id', '=', rencontreId)
		.where('present', '=', true);
	const rows = await db
		.selectFrom('actor as a')
		.innerJoin('territory as t', (j) => j.on('t.level', '=', 'commune').onRef('t.code', '=', 'a.commune_code'))
		.leftJoin('territory as z', (j) => j.on('z.level', '=', 'zone').onRef('z.code', '=', 't.zone_code'))
		.where('a.id', 'in', reached)
		.select([
			'a.id',
			'a.nom',
			'a.kind',
			'a.secteur',
			't.zone_code',
			'z.nom as zone_nom',
			sql<boolean>`NOT EXISTS (SELECT 1 FROM contact_log l WHERE l.actor_id = a.id AND l.date < ${r.date}::date)`.as('first_contact'),
			sql<boolean>`${enteredParcoursAfter('a.id', sql`${r.date}::date`)}`.as('entered'),
			sql<boolean>`NOT EXISTS (SELECT 1 FROM accompaniment ac WHERE ac.actor_id = a.id)`.as('never')
		])
		.orderBy('a.nom')
		.execute();
	const count = <K extends string | null>(key: (row: (typeof rows)[number]) => K) => {
		const counts = new Map<K, number>();
		for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
		return [...counts].sort((a, b) => b[1] - a[1]);
	};
	const zoneNames = new Map(rows.map((row) => [row.zone_code, row.zone_nom]));
	return {
		reached: rows.length,
		byZone: count((row) => row.zone_code).map(([code, n]) => ({ code, nom: zoneNames.get(code) ?? null, n })),
		bySecteur: count((row) => row.secteur).map(([secteur, n]) => ({ secteur, n })),
		firstContacts: rows.filter((row) => row.first_contact).length,
		enteredParcours: rows.filter((row) => row.entered).length,
		proposals: rows.filter((row) => row.never && row.kind === 'structure_ess').map((row) => ({ actor_id: row.id, nom: row.nom }))
	};
}

export async function getRencontre(db: Db, id: number, withPersonalData: boolean): Promise<RencontreDetail | null> {
	const r = await db
		.selectFrom('rencontre as r')
		.leftJoin('actor as l', 'l.id', 'r.lieu_actor_id')
		.leftJoin('actor as o', 'o.id', 'r.organisateur_id')
		.select([
			'r.id',
			...RENCONTRE_WHEN,
			'r.lieu_actor_id',
			'l.nom as lieu_actor',
			'r.lieu_adresse',
			sql<number | null>`round(ST_X(r.geom)::numeric, 6)::float8`.as('lon'),
			sql<number | null>`round(ST_Y(r.geom)::numeric, 6)::float8`.as('lat'),
			'r.territoire_level',
			'r.territoire_codes',
			'r.themes',
			'r.secteurs',
			'r.organisateur_id',
			'o.nom as organisateur',
			'r.co_organisateurs',
			'r.notes',
			'r.version'
		])
		.where('r.id', '=', id)
		.executeTakeFirst();
	if (!r) return null;
	const [territoire, co, invites, outcomes] = await Promise.all([
		r.territoire_level && r.territoire_codes.length
			? db
					.selectFrom('territory')
					.select(['code', 'nom'])
					.where('level', '=', r.territoire_level)
					.where('code', 'in', r.territoire_codes)
					.orderBy('nom')
					.execute()
			: [],
		r.co_organisateurs.length
			? db.selectFrom('actor').select(['id', 'nom']).where('id', 'in', r.co_organisateurs).orderBy('nom').execute()
			: [],
		invitationList(db, id, withPersonalData),
		rencontreOutcomes(db, id)
	]);
	const { territoire_codes: _codes, co_organisateurs: _co, ...rest } = r;
	return { ...rest, territoire, co_organisateurs: co, invites, outcomes };
}

/** The event's fields as its form sends them: to change one (the status) and keep the others. */
export function rencontreInputOf(d: RencontreDetail): RencontreInput {
	return {
		titre: d.titre,
		kind: d.kind,
		date: d.date,
		heure_debut: d.heure_debut,
		heure_fin: d.heure_fin,
		lieu_actor_id: d.lieu_actor_id,
		lieu_adresse: d.lieu_adresse,
		lon: d.lon,
		lat: d.lat,
		territoire_level: d.territoire_level,
		territoire_codes: d.territoire.map((t) => t.code),
		themes: d.themes,
		secteurs: d.secteurs,
		organisateur_id: d.organisateur_id,
		co_organisateurs: d.co_organisateurs.map((c) => c.id),
		status: d.status,
		notes: d.notes
	};
}

/** One click from the event: the accueil of a structure that came, through the parcours use case. */
export async function openAccueilFromRencontre(
	db: Kysely<Database>,
	rencontreId: number,
	actorId: number,
	who: AuditActor | null,
	today: string
): Promise<Outcome<{ id: number }>> {
	const r = await db
		.selectFrom('rencontre')
		.select(['titre', sql<string>`date::text`.as('date')])
		.where('id', '=', rencontreId)
		.executeTakeFirst();
	if (!r) return refuse(404, `aucune rencontre ${rencontreId}`, 'id');
	const came = await db
		.selectFrom('rencontre_invite')
		.select('id')
		.where('rencontre_id', '=', rencontreId)
		.where('actor_id', '=', actorId)
		.where('present', '=', true)
		.executeTakeFirst();
	if (!came) return refuse(400, 'cette structure n’est pas venue à la rencontre', 'actor_id');
	const opened = await openParcours(
		db,
		{ actor_id: actorId, date: r.date <= today ? r.date : today, note: `Issue de la rencontre « ${r.titre} » du ${r.date}` },
		who,
		today
	);
	return { ok: true as const, id: opened.id };
}

export interface RencontrePoint {
	id: number;
	titre: string;
	date: string;
	kind: RencontreKind;
	status: RencontreStatus;
	lon: number;
	lat: number;
	/** `a_venir` from today on, `passee` before. */
	moment: 'a_venir' | 'passee';
}

/** The events with a place, for the explorer's layer. */
export async function rencontrePoints(db: Db, today: string): Promise<RencontrePoint[]> {
	return db
		.selectFrom('rencontre')
		.where('geom', 'is not', null)
		.where('status', '<>', 'annule')
		.select([
			'id',
			'titre',
			sql<string>`date::text`.as('date'),
			'kind',
			'status',
			sql<number>`round(ST_X(geom)::numeric, 6)::float8`.as('lon'),
			sql<number>`round(ST_Y(geom)::numeric, 6)::float8`.as('lat'),
			sql<'a_venir' | 'passee'>`CASE WHEN date >= ${today}::date THEN 'a_venir' ELSE 'passee' END`.as('moment')
		])
		.orderBy('date')
		.execute();
}

/** Events from `today` on with one of these statuses, soonest first (newsletter: planned and confirmed; public map: confirmed). */
export async function upcomingRencontres(
	db: Db,
	today: string,
	options: { statuses: RencontreStatus[]; limit?: number; placed?: boolean }
): Promise<PublicRencontre[]> {
	const { rows } = await sql<PublicRencontre>`
		SELECT r.id, r.titre, r.kind, r.date::text AS date,
			coalesce(
				(SELECT c.nom FROM territory c WHERE c.level = 'commune' AND ST_Intersects(c.geom, r.geom) ORDER BY c.code LIMIT 1),
				(SELECT c.nom FROM actor l JOIN territory c ON c.level = 'commune' AND c.code = l.commune_code WHERE l.id = r.lieu_actor_id)
			) AS commune,
			round(ST_X(r.geom)::numeric, 5)::float8 AS lon, round(ST_Y(r.geom)::numeric, 5)::float8 AS lat
		FROM rencontre r
		WHERE r.date >= ${today}::date AND r.status = ANY(${sql.val(options.statuses)}::text[])
			${options.placed ? sql`AND r.geom IS NOT NULL` : sql``}
		ORDER BY r.date, r.heure_debut, r.id
		${options.limit ? sql`LIMIT ${options.limit}` : sql``}`.execute(db);
	return rows;
}
