// The parcours aggregate against each backend: opening (one running parcours per structure), every
// transition rule through the query module (allowed and refused, with the field), the version
// check, the step journal, edits, follow-ups and « À faire » on hand-computed dates, the funnel
// counting an ingénierie collective once per structure, the calendar tokens and feed, and the
// board's time on 2,000 running parcours.
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARCOURS_CONFIG } from '../../src/lib/domain/parcours/config';
import { parcoursChangesSchema, parcoursMoveSchema, parcoursQuerySchema } from '../../src/lib/schemas/parcours';
import { followupsToIcs, parcoursToCsv } from '../../src/lib/server/exports/parcours';
import { upsertAccompaniments, upsertContactLogs, type AccompanimentUpsert } from '../../src/lib/server/queries/accompaniments';
import { upsertActors } from '../../src/lib/server/queries/actors';
import {
	calendarFollowups,
	calendarTokenUser,
	createCalendarToken,
	createCollective,
	editParcours,
	moveParcours,
	openParcours,
	parcoursBoard,
	parcoursDetail,
	parcoursExportRows,
	parcoursFunnel,
	parcoursTodo,
	recordContact,
	revokeCalendarToken,
	ParcoursError
} from '../../src/lib/server/queries/parcours';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture, testAccompaniment } from '../helpers/fixtures';

const TODAY = '2026-06-15';
const CONTEXT = { config: DEFAULT_PARCOURS_CONFIG, sectorLabels: { social_sans_hebergement: 'Action sociale' }, today: TODAY };
const actor = actorFixture({ code_postal: '57000' });
const imported = (actor_id: number, over: Partial<AccompanimentUpsert>) =>
	testAccompaniment({ actor_id, source_id: `a${actor_id}-${over.date_accueil ?? over.date_diagnostic}`, ...over });
const board = (over: Record<string, string> = {}) => parcoursQuerySchema.parse(over);

/** The error a use case throws, as `{status, field}`. */
async function refusal(run: Promise<unknown>): Promise<{ status: number; field: string; message: string }> {
	try {
		await run;
	} catch (error) {
		if (error instanceof ParcoursError) return { status: error.status, field: error.field, message: error.message };
		throw error;
	}
	throw new Error('accepté alors qu’un refus était attendu');
}

describe.each(BACKENDS)('parcours on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	const ids: Record<string, number> = {};
	let who: { id: number; email: string };
	const viewer = () => ({ user: who, withPersonalData: true });

	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await upsertActors(handle.db, [
			actor(1, { nom: 'Foyer rural de Château-Salins', commune_code: '57132' }),
			actor(2, { nom: 'Épicerie solidaire de Dieuze', commune_code: '57177' }),
			actor(3, { nom: 'Régie de quartier de Metz' }),
			actor(4, { nom: 'Atelier de Vic-sur-Seille', commune_code: '57712' }),
			actor(5, { nom: 'Conseil Gestion Lorraine', kind: 'partenaire' }),
			actor(6, { nom: 'Théâtre de Morhange', commune_code: '57483' })
		]);
		for (const r of await handle.db.selectFrom('actor').select(['id', 'source_id']).where('source', '=', 'test').execute())
			ids[r.source_id!] = r.id;
		const user = await handle.db
			.insertInto('app_user')
			.values({ email: 'cm@maillage.test', nom: 'Camille Martin', role: 'charge_mission', password_hash: 'x' })
			.returning('id')
			.executeTakeFirstOrThrow();
		who = { id: user.id, email: 'cm@maillage.test' };
	});
	afterAll(async () => handle?.drop());

	let parcoursId: number;
	let version: number;
	const move = (body: Record<string, unknown>) =>
		moveParcours(handle.db, parcoursId, parcoursMoveSchema.parse({ version, ...body }), who, TODAY);

	it('opens a parcours at accueil, owned by the officer, and refuses a second one on the structure', async () => {
		const opened = await openParcours(handle.db, { actor_id: ids.t1, date: '2026-03-02', note: 'Rencontre au salon' }, who, TODAY);
		expect(opened.version).toBe(1);
		({ id: parcoursId, version } = opened);
		const detail = (await parcoursDetail(handle.db, parcoursId, viewer(), CONTEXT))!;
		expect(detail).toMatchObject({
			stage: 'accueil',
			date_accueil: '2026-03-02',
			stage_date: '2026-03-02',
			days_in_stage: 105,
			owner_id: who.id,
			owner_nom: 'Camille Martin',
			commune_nom: 'Château-Salins',
			notes: 'Rencontre au salon',
			documents: [],
			ended: false
		});
		expect(detail.steps).toMatchObject([{ stage: 'accueil', date: '2026-03-02', note: 'Rencontre au salon', user_nom: 'Camille Martin' }]);
		const second = await refusal(openParcours(handle.db, { actor_id: ids.t1 }, who, TODAY));
		expect(second).toMatchObject({ status: 409, field: 'actor_id' });
		try {
			await openParcours(handle.db, { actor_id: ids.t1 }, who, TODAY);
		} catch (error) {
			expect((error as ParcoursError).extra).toEqual({ existing_id: parcoursId });
		}
		expect(await refusal(openParcours(handle.db, { actor_id: ids.t5 }, who, TODAY))).toMatchObject({ status: 400, field: 'actor_id' });
		expect(await refusal(openParcours(handle.db, { actor_id: 999_999 }, who, TODAY))).toMatchObject({ status: 404, field: 'actor_id' });
		expect(await refusal(openParcours(handle.db, { actor_id: ids.t2, date: '2026-06-16' }, who, TODAY))).toMatchObject({ field: 'date' });
		expect(await refusal(openParcours(handle.db, { actor_id: ids.t2, owner_id: 999_999 }, who, TODAY))).toMatchObject({
			field: 'owner_id'
		});
		// Hidden from a reader without access to personal data.
		const reader = (await parcoursDetail(handle.db, parcoursId, { user: null, withPersonalData: false }, CONTEXT))!;
		expect([reader.notes, reader.steps[0].note]).toEqual([null, null]);
	});

	it('applies every transition rule, naming the field of a refused move, and checks the version', async () => {
		const cases: [Record<string, unknown>, string][] = [
			[{ stage: 'plan', date: '2026-03-10' }, 'stage'], // no plan without diagnostic
			[{ stage: 'ingenierie', date: '2026-03-10', ingenierie_type: 'individuelle' }, 'stage'],
			[{ stage: 'suivi', date: '2026-03-10' }, 'stage'],
			[{ stage: 'accueil', date: '2026-03-10' }, 'stage'], // already there
			[{ stage: 'diagnostic', date: '2026-03-01' }, 'date'], // before the accueil
			[{ stage: 'diagnostic', date: '2026-06-16' }, 'date'], // tomorrow
			[{ stage: 'oriente', date: '2026-03-10' }, 'oriente_vers']
		];
		for (const [body, field] of cases) expect({ body, ...(await refusal(move(body))) }).toMatchObject({ body, status: 400, field });
		// A stale version: 409, whatever the move.
		expect(
			await refusal(
				moveParcours(
					handle.db,
					parcoursId,
					parcoursMoveSchema.parse({ version: version + 1, stage: 'diagnostic', date: '2026-03-10' }),
					who,
					TODAY
				)
			)
		).toMatchObject({ status: 409, field: 'version' });
		// Allowed: diagnostic today-or-earlier, then plan, then ingénierie with its type, then suivi.
		({ version } = await move({ stage: 'diagnostic', date: '2026-03-20', note: 'Diagnostic partagé avec le bureau' }));
		expect(await refusal(move({ stage: 'accueil', date: '2026-03-21' }))).toMatchObject({ field: 'stage' }); // backwards
		({ version } = await move({ stage: 'plan', date: '2026-04-10' }));
		expect(await refusal(move({ stage: 'ingenierie', date: '2026-04-15' }))).toMatchObject({ field: 'ingenierie_type' });
		({ version } = await move({ stage: 'ingenierie', date: '2026-04-15', ingenierie_type: 'individuelle', prestataire_id: ids.t5 }));
		({ version } = await move({ stage: 'suivi', date: TODAY }));
		const detail = (await parcoursDetail(handle.db, parcoursId, viewer(), CONTEXT))!;
		expect(detail).toMatchObject({
			version,
			stage: 'suivi',
			date_diagnostic: '2026-03-20',
			date_plan: '2026-04-10',
			date_ingenierie: '2026-04-15',
			date_suivi: TODAY,
			ingenierie_type: 'individuelle',
			prestataire_id: ids.t5,
			prestataire_nom: 'Conseil Gestion Lorraine',
			days_in_stage: 0
		});
		expect(detail.steps.map((s) => [s.stage, s.date])).toEqual([
			['accueil', '2026-03-02'],
			['diagnostic', '2026-03-20'],
			['plan', '2026-04-10'],
			['ingenierie', '2026-04-15'],
			['suivi', TODAY]
		]);
		expect(version).toBe(5);
		const audit = await handle.db
			.selectFrom('audit_log')
			.select(['action'])
			.where('entity', '=', 'accompaniment')
			.where('entity_id', '=', String(parcoursId))
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['create', 'move', 'move', 'move', 'move']);
	});

	it('ends a parcours from an active stage, with where it was referred, and moves it no more', async () => {
		const { id } = await openParcours(handle.db, { actor_id: ids.t2, date: '2026-05-01' }, who, TODAY);
		const ended = await moveParcours(
			handle.db,
			id,
			parcoursMoveSchema.parse({ version: 1, stage: 'oriente', date: '2026-05-03', oriente_vers: 'France Active Lorraine' }),
			who,
			TODAY
		);
		expect(ended).toEqual({ version: 2, stage: 'oriente' });
		const detail = (await parcoursDetail(handle.db, id, viewer(), CONTEXT))!;
		expect(detail).toMatchObject({ ended: true, date_fin: '2026-05-03', oriente_vers: 'France Active Lorraine', stage_date: '2026-05-03' });
		expect(
			await refusal(
				moveParcours(handle.db, id, parcoursMoveSchema.parse({ version: 2, stage: 'diagnostic', date: '2026-05-04' }), who, TODAY)
			)
		).toMatchObject({ status: 400, field: 'stage' });
		// Ended: the structure may open a new one.
		const { id: abandoned } = await openParcours(handle.db, { actor_id: ids.t2, date: '2026-05-10' }, who, TODAY);
		expect(
			await moveParcours(handle.db, abandoned, parcoursMoveSchema.parse({ version: 1, stage: 'abandon', date: '2026-05-11' }), who, TODAY)
		).toEqual({ version: 2, stage: 'abandon' });
		const { id: notEligible } = await openParcours(handle.db, { actor_id: ids.t2, date: '2026-05-12' }, who, TODAY);
		expect(
			await moveParcours(
				handle.db,
				notEligible,
				parcoursMoveSchema.parse({ version: 1, stage: 'non_eligible', date: '2026-05-12' }),
				who,
				TODAY
			)
		).toEqual({ version: 2, stage: 'non_eligible' });
	});

	it('edits the editable fields with a version check and the import’s consistency rules', async () => {
		const changes = parcoursChangesSchema.parse({
			themes: ['numerique', 'Tiers-lieu'],
			constats: 'Trésorerie tendue',
			emplois_cdi: 3,
			emplois_cdd: 1,
			documents: [{ titre: 'Diagnostic', url: 'https://exemple.fr/diag.pdf' }],
			date_fin_ingenierie: '2026-05-30'
		});
		({ version } = await editParcours(handle.db, parcoursId, version, changes, who));
		expect(await refusal(editParcours(handle.db, parcoursId, version - 1, { notes: 'x' }, who))).toMatchObject({
			status: 409,
			field: 'version'
		});
		expect(await refusal(editParcours(handle.db, parcoursId, version, { emplois_consolides: 5 }, who))).toMatchObject({
			status: 400,
			field: 'emplois_consolides'
		});
		expect(await refusal(editParcours(handle.db, parcoursId, version, { emplois_cdi: 0, emplois_consolides: 2 }, who))).toMatchObject({
			field: 'emplois_consolides'
		});
		expect(await refusal(editParcours(handle.db, parcoursId, version, { date_fin_ingenierie: '2026-04-01' }, who))).toMatchObject({
			field: 'date_fin_ingenierie'
		});
		expect(await refusal(editParcours(handle.db, parcoursId, version, { owner_id: 999_999 }, who))).toMatchObject({ field: 'owner_id' });
		const detail = (await parcoursDetail(handle.db, parcoursId, viewer(), CONTEXT))!;
		expect(detail).toMatchObject({
			themes: ['Numérique', 'Tiers-lieu'],
			constats: 'Trésorerie tendue',
			emplois_cdi: 3,
			documents: [{ titre: 'Diagnostic', url: 'https://exemple.fr/diag.pdf' }],
			date_fin_ingenierie: '2026-05-30'
		});
	});

	it('computes follow-ups: a checkpoint due, a contact that clears it, none for an ended parcours', async () => {
		// Actor 3: ingénierie ended 2025-11-20; its 6-month checkpoint is 2026-05-20 (overdue on 06-15),
		// 12 months 2026-11-20 (beyond the 30-day horizon). Stalled: at suivi since 2025-12-01, 196 days < 365.
		await upsertAccompaniments(handle.db, [
			imported(ids.t3, {
				stage: 'suivi',
				date_accueil: '2025-01-10',
				date_diagnostic: '2025-02-01',
				date_ingenierie: '2025-04-01',
				date_suivi: '2025-12-01',
				ingenierie_type: 'individuelle'
			}),
			// Actor 4: at accueil since 2026-04-01 (75 days > 30: stalled), next follow-up 2026-06-25 (within 30 days).
			imported(ids.t4, { date_accueil: '2026-04-01', next_followup: '2026-06-25' }),
			// Actor 6: ended (abandon) with a next follow-up left behind: nothing to do.
			imported(ids.t6, { stage: 'abandon', date_accueil: '2026-01-05', date_fin: '2026-02-01', next_followup: '2026-03-01' })
		]);
		const p3 = await handle.db
			.selectFrom('accompaniment')
			.select(['id', 'version'])
			.where('actor_id', '=', ids.t3)
			.executeTakeFirstOrThrow();
		await editParcours(handle.db, p3.id, p3.version, { date_fin_ingenierie: '2025-11-20' }, who);
		let todo = await parcoursTodo(handle.db, { zone: [], epci: [] }, viewer(), CONTEXT);
		expect(todo.today).toBe(TODAY);
		const mine = (actorId: number) => todo.followups.filter((f) => f.actor_id === actorId).map((f) => [f.kind, f.due, f.overdue]);
		expect(mine(ids.t3)).toEqual([['consolidation_6', '2026-05-20', true]]);
		expect(mine(ids.t4)).toEqual([['suivi', '2026-06-25', false]]);
		expect(mine(ids.t6)).toEqual([]);
		// Parcours 1 (date_fin_ingenierie 2026-05-30): 6 months on 2026-11-30, beyond the horizon.
		expect(mine(ids.t1)).toEqual([]);
		expect(todo.stalled.map((s) => [s.actor_id, s.stage, s.days_in_stage, s.limit_days])).toEqual([[ids.t4, 'accueil', 75, 30]]);
		// A call on 2026-04-20 (= checkpoint − 1 month) clears the 6-month checkpoint.
		await recordContact(handle.db, ids.t3, { date: '2026-04-20', type: 'appel', note: 'Point à 6 mois' }, who, TODAY);
		todo = await parcoursTodo(handle.db, { zone: [], epci: [] }, viewer(), CONTEXT);
		expect(mine(ids.t3)).toEqual([]);
		expect(await refusal(recordContact(handle.db, ids.t3, { date: '2026-06-16', type: 'appel', note: null }, who, TODAY))).toMatchObject({
			field: 'date'
		});
		// The board's alerts agree.
		const cards = await parcoursBoard(handle.db, board({ alerte: 'stalled' }), viewer(), CONTEXT);
		expect(cards.map((c) => c.actor_id)).toEqual([ids.t4]);
		const ended = await parcoursBoard(handle.db, board({ etat: 'termine' }), viewer(), CONTEXT);
		expect(ended.every((c) => c.ended && !c.followup_overdue && !c.stalled)).toBe(true);
		expect(ended.map((c) => c.stage).sort()).toEqual(['abandon', 'abandon', 'non_eligible', 'oriente']);
	});

	it('lists the structures met recently that have no parcours', async () => {
		await upsertContactLogs(handle.db, [
			{ actor_id: ids.t6, date: '2026-06-01', type: 'visite', who: 'cm@maillage.test', note: null, source: 'test', source_id: 'm6' },
			{ actor_id: ids.t4, date: '2026-06-02', type: 'appel', who: 'cm@maillage.test', note: null, source: 'test', source_id: 'm4' }
		]);
		const todo = await parcoursTodo(handle.db, { zone: [], epci: [] }, viewer(), CONTEXT);
		// Actor 4 has a running parcours; actor 6's ended before the visit; actor 3 was called in April.
		expect(todo.met_not_opened.map((m) => [m.actor_id, m.last_contact, m.via])).toEqual([[ids.t6, '2026-06-01', 'visite']]);
	});

	it('counts an ingénierie collective once per structure in the funnel', async () => {
		// Actors 4 and 6 in one collective; actor 4 also has a second, imported parcours in it.
		const p4 = await handle.db
			.selectFrom('accompaniment')
			.select(['id', 'version'])
			.where('actor_id', '=', ids.t4)
			.executeTakeFirstOrThrow();
		await moveParcours(
			handle.db,
			p4.id,
			parcoursMoveSchema.parse({ version: p4.version, stage: 'diagnostic', date: '2026-04-10' }),
			who,
			TODAY
		);
		await moveParcours(
			handle.db,
			p4.id,
			parcoursMoveSchema.parse({ version: p4.version + 1, stage: 'ingenierie', date: '2026-05-02', ingenierie_type: 'collective' }),
			who,
			TODAY
		);
		await upsertAccompaniments(handle.db, [
			imported(ids.t4, {
				stage: 'ingenierie',
				date_accueil: '2026-02-01',
				date_diagnostic: '2026-02-15',
				date_ingenierie: '2026-05-02',
				ingenierie_type: 'collective',
				source_id: 'second-4'
			})
		]);
		const { id: p6 } = await openParcours(handle.db, { actor_id: ids.t6, date: '2026-06-03' }, who, TODAY);
		await moveParcours(handle.db, p6, parcoursMoveSchema.parse({ version: 1, stage: 'diagnostic', date: '2026-06-04' }), who, TODAY);
		await moveParcours(
			handle.db,
			p6,
			parcoursMoveSchema.parse({ version: 2, stage: 'ingenierie', date: '2026-06-05', ingenierie_type: 'collective' }),
			who,
			TODAY
		);
		const inCollective = (
			await handle.db
				.selectFrom('accompaniment')
				.select('id')
				.where('actor_id', 'in', [ids.t4, ids.t6])
				.where('stage', '=', 'ingenierie')
				.execute()
		).map((r) => r.id);
		expect(inCollective).toHaveLength(3);
		expect(
			await refusal(
				createCollective(handle.db, { titre: 'x', date_debut: '2026-05-01', accompaniment_ids: [...inCollective, 999_999] }, who)
			)
		).toMatchObject({ field: 'accompaniment_ids' });
		const { id: collective } = await createCollective(
			handle.db,
			{
				titre: 'Modèle économique des épiceries',
				theme: 'Modèle socio-économique & gestion financière',
				prestataire_id: ids.t5,
				budget_eur: 6000,
				jours: 8,
				date_debut: '2026-05-01',
				accompaniment_ids: inCollective
			},
			who
		);
		const linked = await parcoursBoard(handle.db, board({ prestataire: String(ids.t5) }), viewer(), CONTEXT);
		expect(linked.filter((c) => c.ingenierie_collective_id === collective)).toHaveLength(3);
		const funnel = await parcoursFunnel(handle.db, { level: 'zone', de: '2026-01-01', a: '2026-12-31' }, { ...CONTEXT, departement: '57' });
		// Structures with an ingénierie in 2026: actor 1 (individuelle), 4 and 6 (collective): 3, not 4 parcours.
		expect(funnel.departement.reached.ingenierie).toBe(3);
		expect(funnel.departement.nom).toBe('Moselle');
		expect(funnel.rows.reduce((n, r) => n + r.reached.ingenierie, 0)).toBe(3);
		// Actor 2's three parcours ended three ways, actor 6's abandon: ended counts structures.
		expect(funnel.departement.ended).toEqual({ oriente: 1, abandon: 2, non_eligible: 1 });
		const bySector = await parcoursFunnel(
			handle.db,
			{ level: 'secteur', de: '2026-01-01', a: '2026-12-31' },
			{ ...CONTEXT, departement: '57' }
		);
		expect(bySector.rows.map((r) => r.code)).toEqual(['social_sans_hebergement']);
	});

	it('exports the board and writes a calendar feed of the officer’s follow-ups, until the token is revoked', async () => {
		const rows = await parcoursExportRows(handle.db, board({ etat: 'tous' }), viewer(), CONTEXT);
		const csv = parcoursToCsv(rows);
		expect(csv.startsWith('\ufeffN° de parcours;Structure;')).toBe(true);
		expect(csv).toContain('Foyer rural de Château-Salins;');
		const token = await createCalendarToken(handle.db, who);
		expect(token).toMatch(/^[\w-]{43}$/);
		expect(await calendarTokenUser(handle.db, token)).toMatchObject({ id: who.id });
		const stored = await handle.db.selectFrom('calendar_token').select('token_hash').where('user_id', '=', who.id).execute();
		expect(stored.map((s) => s.token_hash)).not.toContain(token);
		const followups = await calendarFollowups(handle.db, who.id, CONTEXT);
		const ics = followupsToIcs(followups, { origin: 'https://maillage.test', owner: 'Camille Martin' });
		const events = ics
			.replace(/\r\n[ \t]/g, '')
			.split('BEGIN:VEVENT')
			.slice(1)
			.map((block) =>
				Object.fromEntries(
					block
						.split(/\r\n/)
						.filter((l) => /^(DTSTART|SUMMARY)/.test(l))
						.map((l) => [l.split(/[;:]/)[0], l.slice(l.indexOf(':') + 1)])
				)
			);
		// Parcours 1 (suivi, ingénierie ended 2026-05-30): 6, 12, 24 months; actor 4 (not this
		// officer's: imported) has none here.
		expect(events).toEqual([
			{ DTSTART: '20261130', SUMMARY: 'Point de consolidation à 6 mois : Foyer rural de Château-Salins' },
			{ DTSTART: '20270530', SUMMARY: 'Point de consolidation à 12 mois : Foyer rural de Château-Salins' },
			{ DTSTART: '20280530', SUMMARY: 'Point de consolidation à 24 mois : Foyer rural de Château-Salins' }
		]);
		const renewed = await createCalendarToken(handle.db, who);
		expect(await calendarTokenUser(handle.db, token)).toBeNull();
		expect(await revokeCalendarToken(handle.db, who)).toBe(true);
		expect(await calendarTokenUser(handle.db, renewed)).toBeNull();
		expect(await revokeCalendarToken(handle.db, who)).toBe(false);
	});

	it('answers the board of 2,000 running parcours', async () => {
		const many = Array.from({ length: 2000 }, (_, i) =>
			actor(1000 + i, { nom: `Association ${i}`, commune_code: ['57463', '57132', '57177', '57712'][i % 4] })
		);
		await upsertActors(handle.db, many);
		const created = await handle.db.selectFrom('actor').select('id').where('nom', 'like', 'Association %').execute();
		await upsertAccompaniments(
			handle.db,
			created.map((a, i) =>
				imported(a.id, {
					stage: i % 2 ? 'diagnostic' : 'accueil',
					date_accueil: '2026-01-15',
					date_diagnostic: i % 2 ? '2026-03-01' : null,
					next_followup: i % 3 ? null : '2026-06-01',
					source_id: `bulk-${a.id}`
				})
			)
		);
		await upsertContactLogs(
			handle.db,
			created
				.filter((_, i) => i % 5 === 0)
				.map((a) => ({
					actor_id: a.id,
					date: '2026-06-05',
					type: 'appel' as const,
					who: null,
					note: null,
					source: 'test',
					source_id: `bulk-${a.id}`
				}))
		);
		await parcoursBoard(handle.db, board(), viewer(), CONTEXT); // warm-up
		const started = performance.now();
		const rows = await parcoursBoard(handle.db, board(), viewer(), CONTEXT);
		const ms = performance.now() - started;
		console.log(`[parcours] board of ${rows.length} running parcours on ${backend}: ${ms.toFixed(0)} ms`);
		expect(rows.length).toBeGreaterThanOrEqual(2000);
		// Every third has a next follow-up on 2026-06-01; a call on 06-05 clears it for every fifth.
		const bulk = rows.filter((r) => r.actor_nom.startsWith('Association '));
		expect(bulk.filter((r) => r.followup_overdue)).toHaveLength(bulk.filter((r) => r.next_followup).length - Math.ceil(2000 / 15));
		const zoned = await parcoursBoard(
			handle.db,
			board({ epci: rows.find((r) => r.commune_code === '57132')!.epci_code! }),
			viewer(),
			CONTEXT
		);
		expect(zoned.every((r) => r.epci_code === rows.find((x) => x.commune_code === '57132')!.epci_code)).toBe(true);
		expect(zoned.length).toBeGreaterThanOrEqual(500);
	});
});
