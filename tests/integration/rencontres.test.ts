// The events aggregate against each backend: an event in Moselle Est, its invitation list from the
// explorer's filters (culture, never accompanied) checked against an independent SQL count, lines
// added and removed by hand, attendance by hand and from the sign-in sheet (one contact-log entry
// per structure, re-import changes nothing, bad rows rejected with their line), the accueil opened
// from the event, the outcomes and the audit trail.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFilterSchema } from '../../src/lib/schemas/actor-filter';
import { rencontreSchema } from '../../src/lib/schemas/rencontre';
import { upsertAccompaniments, upsertContactLogs } from '../../src/lib/server/queries/accompaniments';
import { syncNafSectors, upsertActors } from '../../src/lib/server/queries/actors';
import {
	addInvite,
	createRencontre,
	deleteRencontre,
	getRencontre,
	importSignInSheet,
	invitationCandidates,
	inviteFromFilter,
	listRencontres,
	openAccueilFromRencontre,
	removeInvite,
	rencontreInputOf,
	rencontrePoints,
	setAttendance,
	updateRencontre
} from '../../src/lib/server/queries/events';
import { relationsOfActor } from '../../src/lib/server/queries/relations';
import { rencontreInvitesCsv, signInSheetCsv } from '../../src/lib/server/exports/rencontres';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';

const WHO = { id: 0, email: 'cm@maillage.test' };
const TODAY = '2026-12-02';
const actor = actorFixture({ naf: '90.01Z' });
const csv = (text: string) => new TextEncoder().encode(text);

describe.each(BACKENDS)('rencontres on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	const ids: Record<string, number> = {};
	let id: number;
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await syncNafSectors(handle.db, [
			{ division: '90', secteur: 'culture' },
			{ division: '88', secteur: 'social_sans_hebergement' }
		]);
		// Forbach (57227), Sarreguemines (57631), Saint-Avold (57606): zone Est; Metz (57463): zone Metz.
		await upsertActors(handle.db, [
			actor(1, { nom: 'Théâtre de Forbach', commune_code: '57227', lon: 6.9, lat: 49.19, precision: 'adresse' }),
			actor(2, { nom: 'Fanfare de Sarreguemines', commune_code: '57631' }),
			actor(3, { nom: 'Compagnie de Saint-Avold', commune_code: '57606' }),
			actor(4, { nom: 'Cinéma de Metz', commune_code: '57463' }),
			actor(5, { nom: 'Épicerie de Forbach', commune_code: '57227', naf: '88.99B' }),
			actor(6, { nom: 'Musée de Forbach (déjà accompagné)', commune_code: '57227' }),
			actor(7, { nom: 'Ville de Forbach', commune_code: '57227', kind: 'collectivite', categorie_juridique: '7210', naf: '84.11Z' })
		]);
		Object.assign(ids, await actorIdsBySourceId(handle.db));
		await upsertAccompaniments(handle.db, [testAccompaniment({ actor_id: ids.t6, date_accueil: '2025-03-01', source_id: 'a6' })]);
		await upsertContactLogs(handle.db, [
			{ actor_id: ids.t2, date: '2025-05-01', type: 'appel', who: null, note: null, source: 'test', source_id: 'c2' }
		]);
		const contact = (actor_id: number, nom: string, email: string | null) => ({
			actor_id,
			nom,
			role: 'Président·e',
			email,
			telephone: null,
			base_legale: 'interet_legitime'
		});
		await handle.db
			.insertInto('contact')
			.values([
				contact(ids.t1, 'Alice Martin', 'alice@theatre.test'),
				contact(ids.t1, 'Bruno Klein', null),
				contact(ids.t3, 'Chloé Weber', 'chloe@cie.test'),
				contact(ids.t4, 'Denis Metz', null)
			])
			.execute();
	});
	afterAll(async () => handle?.drop());

	it('creates an event in Moselle Est and lists it by date', async () => {
		const created = await createRencontre(
			handle.db,
			rencontreSchema.parse({
				titre: 'Rencontre culture Moselle Est',
				kind: 'Rencontre territoriale',
				date: '2026-11-20',
				heure_debut: '18:00',
				heure_fin: '20:00',
				lieu_actor_id: String(ids.t1),
				territoire_level: 'zone',
				territoire_codes: 'est',
				themes: 'Modèle socio-économique',
				secteurs: 'culture',
				organisateur_id: String(ids.t7)
			}),
			WHO
		);
		expect(created.ok).toBe(true);
		id = (created as { id: number }).id;
		expect(await listRencontres(handle.db)).toEqual([
			expect.objectContaining({
				id,
				titre: 'Rencontre culture Moselle Est',
				date: '2026-11-20',
				status: 'projet',
				lieu: 'Théâtre de Forbach'
			})
		]);
		// The place is the actor's point: the explorer's layer shows it, past on the 2nd of December.
		expect(await rencontrePoints(handle.db, TODAY)).toEqual([expect.objectContaining({ id, lon: 6.9, lat: 49.19, moment: 'passee' })]);
		expect(await rencontrePoints(handle.db, '2026-11-01')).toEqual([expect.objectContaining({ id, moment: 'a_venir' })]);
		expect(
			rencontreSchema.safeParse({ titre: 'x', kind: 'rencontre_territoriale', date: '2026-11-20', heure_debut: '25:00' }).success
		).toBe(false);
	});

	it('builds the invitation list of a filter: the lines equal an independent SQL count', async () => {
		const filter = actorFilterSchema.parse({ secteur: ['culture'], statut: ['jamais'] });
		const candidates = (await invitationCandidates(handle.db, id, filter))!;
		const { rows } = await sql<{ actors: number; lines: number }>`
			SELECT count(*)::int AS actors, coalesce(sum(greatest(1, (SELECT count(*) FROM contact c WHERE c.actor_id = a.id))), 0)::int AS lines
			FROM actor a JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
			WHERE t.zone_code = 'est' AND a.secteur = 'culture'
				AND NOT EXISTS (SELECT 1 FROM accompaniment ac WHERE ac.actor_id = a.id)`.execute(handle.db);
		expect(rows[0]).toEqual({ actors: 3, lines: 4 });
		expect(new Set(candidates.map((c) => c.actor_id)).size).toBe(rows[0].actors);
		expect(candidates).toHaveLength(rows[0].lines);
		const built = await inviteFromFilter(handle.db, id, filter, WHO);
		expect(built).toEqual({ ok: true, added: 4 });
		// Again: nothing new.
		expect(await inviteFromFilter(handle.db, id, filter, WHO)).toEqual({ ok: true, added: 0 });
		const detail = (await getRencontre(handle.db, id, true))!;
		expect(detail.territoire).toEqual([{ code: 'est', nom: expect.any(String) }]);
		expect(detail.invites.map((i) => [i.actor, i.personne])).toEqual([
			['Compagnie de Saint-Avold', 'Chloé Weber'],
			['Fanfare de Sarreguemines', null],
			['Théâtre de Forbach', 'Alice Martin'],
			['Théâtre de Forbach', 'Bruno Klein']
		]);
		expect(detail.invites[0].base_legale).toBe('interet_legitime');
		// No personal data for a reader.
		expect((await getRencontre(handle.db, id, false))!.invites.every((i) => i.personne === null && i.email === null)).toBe(true);
	});

	it('adds and removes lines by hand, and exports the list for a mail merge and the sign-in sheet', async () => {
		expect(await addInvite(handle.db, id, { actor_id: ids.t7, contact_id: null, personne: null }, WHO)).toEqual({ ok: true, added: 1 });
		const bruno = (await getRencontre(handle.db, id, true))!.invites.find((i) => i.personne === 'Bruno Klein')!;
		expect(await removeInvite(handle.db, id, bruno.id, WHO)).toBe(true);
		const detail = (await getRencontre(handle.db, id, true))!;
		expect(detail.invites.map((i) => i.actor)).toEqual([
			'Compagnie de Saint-Avold',
			'Fanfare de Sarreguemines',
			'Théâtre de Forbach',
			'Ville de Forbach'
		]);
		const merge = rencontreInvitesCsv(detail);
		expect(merge.startsWith('\uFEFF')).toBe(true);
		expect(merge).toContain('Bonjour Alice Martin,');
		expect(merge).toContain('Madame, Monsieur,');
		expect(merge.split('\r\n').filter(Boolean)).toHaveLength(5);
		const sheet = signInSheetCsv(detail);
		expect(sheet.split('\r\n')[0]).toBe('\uFEFFLigne;Identifiant Maillage;Structure;Personne;Inscrit;Présent');
	});

	it('records attendance once: one contact-log entry per structure; the same sheet imported again changes nothing', async () => {
		const detail = (await getRencontre(handle.db, id, true))!;
		const line = (actor: string) => detail.invites.find((i) => i.actor === actor)!;
		// Not before the event took place.
		const future = await updateRencontre(handle.db, id, detail.version, { ...rencontreInputOf(detail), date: '2026-12-20' }, WHO);
		expect(future.ok).toBe(true);
		expect(
			(await setAttendance(handle.db, id, { invite_id: line('Théâtre de Forbach').id, inscrit: null, present: true }, WHO, TODAY)).ok
		).toBe(false);
		expect((await updateRencontre(handle.db, id, detail.version + 1, { ...rencontreInputOf(detail), status: 'tenu' }, WHO)).ok).toBe(true);

		expect(
			await setAttendance(handle.db, id, { invite_id: line('Théâtre de Forbach').id, inscrit: null, present: true }, WHO, TODAY)
		).toEqual({
			ok: true,
			changed: true
		});
		expect(
			await setAttendance(handle.db, id, { invite_id: line('Théâtre de Forbach').id, inscrit: null, present: true }, WHO, TODAY)
		).toEqual({
			ok: true,
			changed: false
		});
		const sheet = [
			'Ligne;Identifiant Maillage;Structure;Personne;Inscrit;Présent',
			`${line('Compagnie de Saint-Avold').id};${ids.t3};Compagnie de Saint-Avold;Chloé Weber;oui;x`,
			`${line('Fanfare de Sarreguemines').id};;Fanfare;;oui;non`,
			`;${ids.t3};Compagnie de Saint-Avold;Paul Venu;;oui`,
			`;${ids.t2};Fanfare;;;peut-être`,
			`999999;;Inconnue;;;oui`
		].join('\n');
		const first = await importSignInSheet(handle.db, id, csv(sheet), WHO, TODAY, 'emargement.csv');
		expect(first).toMatchObject({ ok: true, report: { read: 5, changed: 3, unchanged: 0, added: 1 } });
		const rejected = (first as { report: { rejected: { line: number; column: string | null }[] } }).report.rejected;
		expect(rejected.map((r) => [r.line, r.column])).toEqual([
			[5, 'Présent'],
			[6, 'Ligne']
		]);
		const logs = async () =>
			handle.db
				.selectFrom('contact_log')
				.select(['actor_id', 'type', 'date', 'note', 'source_id'])
				.where('source', '=', 'rencontre')
				.orderBy('actor_id')
				.execute();
		const after = await logs();
		expect(after.map((l) => [l.actor_id, l.type, String(l.date).slice(0, 10)])).toEqual([
			[ids.t1, 'evenement', '2026-11-20'],
			[ids.t3, 'evenement', '2026-11-20']
		]);
		expect(after[1].note).toContain('Chloé Weber, Paul Venu');
		const audits = async () =>
			Number(
				(
					await handle.db
						.selectFrom('audit_log')
						.select((eb) => eb.fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const auditsBefore = await audits();
		const again = await importSignInSheet(handle.db, id, csv(sheet), WHO, TODAY, 'emargement.csv');
		expect(again).toMatchObject({ ok: true, report: { read: 5, changed: 0, unchanged: 3, added: 0 } });
		expect(await logs()).toEqual(after);
		// Only the import itself is in the journal.
		expect(await audits()).toBe(auditsBefore + 1);
	});

	it('proposes the never-accompanied structures that came for an accueil, opens it, and counts the outcomes', async () => {
		let detail = (await getRencontre(handle.db, id, true))!;
		expect(detail.outcomes).toMatchObject({ reached: 2, firstContacts: 2, enteredParcours: 0 });
		expect(detail.outcomes.byZone).toEqual([{ code: 'est', nom: expect.any(String), n: 2 }]);
		expect(detail.outcomes.bySecteur).toEqual([{ secteur: 'culture', n: 2 }]);
		expect(detail.outcomes.proposals.map((p) => p.nom)).toEqual(['Compagnie de Saint-Avold', 'Théâtre de Forbach']);
		expect((await openAccueilFromRencontre(handle.db, id, ids.t2, WHO, TODAY)).ok).toBe(false);
		const opened = await openAccueilFromRencontre(handle.db, id, ids.t1, WHO, TODAY);
		expect(opened.ok).toBe(true);
		const parcours = await handle.db
			.selectFrom('accompaniment')
			.select(['actor_id', 'stage', sql<string>`date_accueil::text`.as('date_accueil'), 'notes'])
			.where('id', '=', (opened as { id: number }).id)
			.executeTakeFirstOrThrow();
		expect(parcours).toMatchObject({ actor_id: ids.t1, stage: 'accueil', date_accueil: '2026-11-20' });
		expect(parcours.notes).toContain('Rencontre culture Moselle Est');
		detail = (await getRencontre(handle.db, id, true))!;
		expect(detail.outcomes).toMatchObject({ reached: 2, enteredParcours: 1 });
		expect(detail.outcomes.proposals.map((p) => p.nom)).toEqual(['Compagnie de Saint-Avold']);
		// Unmarking the last person of a structure takes its contact-log entry away.
		const chloe = detail.invites.filter((i) => i.actor === 'Compagnie de Saint-Avold' && i.present);
		for (const line of chloe) await setAttendance(handle.db, id, { invite_id: line.id, inscrit: null, present: false }, WHO, TODAY);
		const left = await handle.db.selectFrom('contact_log').select('actor_id').where('source', '=', 'rencontre').execute();
		expect(left.map((l) => l.actor_id)).toEqual([ids.t1]);
		const actions = await handle.db.selectFrom('audit_log').select('action').where('entity', '=', 'rencontre').execute();
		expect(new Set(actions.map((a) => a.action))).toEqual(
			new Set(['create', 'update', 'invite', 'uninvite', 'attendance', 'import_emargement'])
		);
	});

	it('links the organiser to each co-organiser (co_organise, source evenement), following the event’s edits', async () => {
		const coOrganised = () =>
			handle.db
				.selectFrom('actor_relation_all')
				.select(['from_id', 'to_id', 'date_debut', 'date_fin'])
				.where('type', '=', 'co_organise')
				.where('source', '=', 'evenement')
				.orderBy('to_id')
				.execute();
		const input = rencontreSchema.parse({
			titre: 'Forum ESS de Forbach',
			kind: 'evenement_externe',
			date: '2026-05-10',
			heure_debut: '09:00',
			organisateur_id: String(ids.t7),
			co_organisateurs: [String(ids.t1), String(ids.t3)]
		});
		const created = await createRencontre(handle.db, input, WHO);
		if (!created.ok) throw new Error(created.message);
		const on = (date: string) => ({ date_debut: date, date_fin: date });
		const byTo = <T extends { to_id: number }>(rows: T[]) => rows.sort((a, b) => a.to_id - b.to_id);
		expect(await coOrganised()).toEqual(
			byTo([
				{ from_id: ids.t7, to_id: ids.t1, ...on('2026-05-10') },
				{ from_id: ids.t7, to_id: ids.t3, ...on('2026-05-10') }
			])
		);
		// The panel of a co-organiser shows it, derived (no id to remove).
		expect((await relationsOfActor(handle.db, ids.t3)).find((r) => r.type === 'co_organise')).toMatchObject({
			id: null,
			direction: 'entrante',
			other: { id: ids.t7 },
			source: 'evenement'
		});
		// Moved, the Théâtre replaced by the Épicerie: the relations follow.
		const moved = await updateRencontre(
			handle.db,
			created.id,
			1,
			{ ...input, date: '2026-06-02', co_organisateurs: [ids.t3, ids.t5] },
			WHO
		);
		expect(moved).toEqual({ ok: true, version: 2 });
		expect(await coOrganised()).toEqual(
			byTo([
				{ from_id: ids.t7, to_id: ids.t3, ...on('2026-06-02') },
				{ from_id: ids.t7, to_id: ids.t5, ...on('2026-06-02') }
			])
		);
		// Cancelled, it links nobody; held again, then deleted: gone, and nothing was ever stored.
		await updateRencontre(handle.db, created.id, 2, { ...input, co_organisateurs: [ids.t3, ids.t5], status: 'annule' }, WHO);
		expect(await coOrganised()).toEqual([]);
		await updateRencontre(handle.db, created.id, 3, { ...input, co_organisateurs: [ids.t3], status: 'tenu' }, WHO);
		expect(await coOrganised()).toEqual([{ from_id: ids.t7, to_id: ids.t3, ...on('2026-05-10') }]);
		expect(await deleteRencontre(handle.db, created.id, WHO)).toBe(true);
		expect(await coOrganised()).toEqual([]);
		expect(await handle.db.selectFrom('actor_relation').select('id').execute()).toEqual([]);
	});
});
