// The ingénieries collectives against each backend: created with two structures' parcours, listed
// with their members, a third joining (typed collective, taking the prestataire), one leaving
// (losing the prestataire it took), the refusals (an ended parcours, one already in another
// collective, one not a member, an unknown collective), and the funnel counting structures once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARCOURS_CONFIG } from '../../src/lib/domain/parcours/config';
import { parcoursMoveSchema } from '../../src/lib/schemas/parcours';
import { upsertActors } from '../../src/lib/server/queries/actors';
import { joinCollective, leaveCollective, listCollectives } from '../../src/lib/server/queries/ingenieries-collectives';
import {
	createCollective,
	moveParcours,
	openParcours,
	parcoursDetail,
	parcoursFunnel,
	ParcoursError
} from '../../src/lib/server/queries/parcours';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture } from '../helpers/fixtures';

const TODAY = '2026-06-15';
const CONTEXT = { config: DEFAULT_PARCOURS_CONFIG, sectorLabels: {}, today: TODAY };
const actor = actorFixture({ code_postal: '57000' });

async function refusal(run: Promise<unknown>): Promise<{ status: number; field: string; message: string }> {
	try {
		await run;
	} catch (error) {
		if (error instanceof ParcoursError) return { status: error.status, field: error.field, message: error.message };
		throw error;
	}
	throw new Error('accepté alors qu’un refus était attendu');
}

describe.each(BACKENDS)('ingénieries collectives on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	const ids: Record<string, number> = {};
	const parcours: Record<string, number> = {};
	let who: { id: number; email: string };
	const viewer = () => ({ user: who, withPersonalData: true });
	const detail = async (id: number) => (await parcoursDetail(handle.db, id, viewer(), CONTEXT))!;

	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await upsertActors(handle.db, [
			actor(1, { nom: 'Foyer rural de Château-Salins', commune_code: '57132' }),
			actor(2, { nom: 'Épicerie solidaire de Dieuze', commune_code: '57177' }),
			actor(3, { nom: 'Atelier de Vic-sur-Seille', commune_code: '57712' }),
			actor(4, { nom: 'Théâtre de Morhange', commune_code: '57483' }),
			actor(5, { nom: 'Conseil Gestion Lorraine', kind: 'partenaire' }),
			actor(6, { nom: 'Cabinet Est Conseil', kind: 'partenaire' })
		]);
		for (const r of await handle.db.selectFrom('actor').select(['id', 'source_id']).where('source', '=', 'test').execute())
			ids[r.source_id!] = r.id;
		const user = await handle.db
			.insertInto('app_user')
			.values({ email: 'cm@maillage.test', nom: 'Camille Martin', role: 'charge_mission', password_hash: 'x' })
			.returning('id')
			.executeTakeFirstOrThrow();
		who = { id: user.id, email: 'cm@maillage.test' };
		for (const n of [1, 2, 3, 4]) {
			const { id } = await openParcours(handle.db, { actor_id: ids[`t${n}`], date: '2026-03-02' }, who, TODAY);
			await moveParcours(handle.db, id, parcoursMoveSchema.parse({ version: 1, stage: 'diagnostic', date: '2026-04-01' }), who, TODAY);
			parcours[`t${n}`] = id;
		}
		// Actor 4's parcours ends: it joins no ingénierie.
		await moveParcours(handle.db, parcours.t4, parcoursMoveSchema.parse({ version: 2, stage: 'abandon', date: '2026-04-10' }), who, TODAY);
	});
	afterAll(async () => handle?.drop());

	let collective: number;

	it('creates one with two structures and lists it with its members and prestataire', async () => {
		({ id: collective } = await createCollective(
			handle.db,
			{
				titre: 'Modèle économique des épiceries',
				theme: 'Modèle socio-économique & gestion financière',
				prestataire_id: ids.t5,
				budget_eur: 9000,
				jours: 12,
				date_debut: '2026-05-01',
				accompaniment_ids: [parcours.t1, parcours.t2]
			},
			who
		));
		const [listed] = await listCollectives(handle.db);
		expect(listed).toMatchObject({
			id: collective,
			titre: 'Modèle économique des épiceries',
			prestataire_nom: 'Conseil Gestion Lorraine',
			budget_eur: 9000,
			jours: 12,
			date_debut: '2026-05-01',
			date_fin: null
		});
		expect(listed.membres.map((m) => [m.accompaniment_id, m.actor_nom, m.stage])).toEqual([
			[parcours.t2, 'Épicerie solidaire de Dieuze', 'diagnostic'],
			[parcours.t1, 'Foyer rural de Château-Salins', 'diagnostic']
		]);
		expect(await detail(parcours.t1)).toMatchObject({
			ingenierie_collective_id: collective,
			ingenierie_collective_titre: 'Modèle économique des épiceries',
			ingenierie_type: 'collective',
			prestataire_nom: 'Conseil Gestion Lorraine'
		});
		expect((await detail(parcours.t3)).ingenierie_collective_titre).toBeNull();
	});

	it('lets a running parcours join, typed collective with the prestataire, its version moved on', async () => {
		const before = (await detail(parcours.t3)).version;
		await joinCollective(handle.db, collective, parcours.t3, who);
		const after = await detail(parcours.t3);
		expect(after).toMatchObject({ ingenierie_collective_id: collective, ingenierie_type: 'collective', prestataire_id: ids.t5 });
		expect(after.version).toBe(before + 1);
		// Joining twice changes nothing.
		await joinCollective(handle.db, collective, parcours.t3, who);
		expect((await detail(parcours.t3)).version).toBe(before + 1);
		expect((await listCollectives(handle.db))[0].membres).toHaveLength(3);
		const audit = await handle.db
			.selectFrom('audit_log')
			.select(['action', 'entity_id'])
			.where('entity', '=', 'ingenierie_collective')
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.action)).toEqual(['create', 'join']);
	});

	it('refuses an ended parcours, one in another collective, a non-member leaving and an unknown collective', async () => {
		expect(await refusal(joinCollective(handle.db, collective, parcours.t4, who))).toMatchObject({
			status: 400,
			field: 'accompaniment_id'
		});
		const { id: other } = await createCollective(
			handle.db,
			{ titre: 'Numérique', prestataire_id: ids.t6, date_debut: '2026-06-01', accompaniment_ids: [parcours.t1] },
			who
		);
		// Creating a collective takes its parcours wherever they were.
		expect((await detail(parcours.t1)).ingenierie_collective_id).toBe(other);
		const busy = await refusal(joinCollective(handle.db, collective, parcours.t1, who));
		expect(busy).toMatchObject({ status: 409, field: 'accompaniment_id' });
		expect(busy.message).toContain(`n° ${other}`);
		expect(await refusal(leaveCollective(handle.db, collective, parcours.t1, who))).toMatchObject({ status: 404 });
		expect(await refusal(joinCollective(handle.db, 999_999, parcours.t2, who))).toMatchObject({ status: 404, field: 'id' });
		expect(await refusal(joinCollective(handle.db, collective, 999_999, who))).toMatchObject({ status: 404, field: 'accompaniment_id' });
	});

	it('lets a member leave: no ingénierie type, the prestataire it took gone, one it named itself kept', async () => {
		await leaveCollective(handle.db, collective, parcours.t3, who);
		expect(await detail(parcours.t3)).toMatchObject({
			ingenierie_collective_id: null,
			ingenierie_collective_titre: null,
			ingenierie_type: null,
			prestataire_id: null,
			prestataire_nom: null
		});
		// Actor 2's parcours names another prestataire meanwhile: it keeps it on leaving.
		await handle.db
			.updateTable('accompaniment')
			.set({ prestataire_id: ids.t6, prestataire_nom: 'Cabinet Est Conseil' })
			.where('id', '=', parcours.t2)
			.execute();
		await leaveCollective(handle.db, collective, parcours.t2, who);
		expect(await detail(parcours.t2)).toMatchObject({ ingenierie_collective_id: null, prestataire_id: ids.t6 });
		const listed = await listCollectives(handle.db);
		expect(listed.find((c) => c.id === collective)!.membres).toEqual([]);
	});

	it('counts the structures of a collective once in the funnel', async () => {
		await joinCollective(handle.db, collective, parcours.t2, who);
		await joinCollective(handle.db, collective, parcours.t3, who);
		for (const key of ['t2', 't3']) {
			const { version } = await detail(parcours[key]);
			await moveParcours(
				handle.db,
				parcours[key],
				parcoursMoveSchema.parse({ version, stage: 'ingenierie', date: '2026-05-02', ingenierie_type: 'collective' }),
				who,
				TODAY
			);
		}
		const funnel = await parcoursFunnel(handle.db, { level: 'zone', de: '2026-01-01', a: '2026-12-31' }, { ...CONTEXT, departement: '57' });
		expect(funnel.departement.reached.ingenierie).toBe(2);
		expect(funnel.departement.reached.accueil).toBe(4);
	});
});
