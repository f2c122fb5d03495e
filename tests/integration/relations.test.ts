// Relations between actors (issue 16) on a hand-made fixture of the CC du Saulnois, 2023–2025:
// - S1 (Château-Salins): two parcours with prestataire P1, ingénieries 2024-03-01 (ended
//   2024-09-30) and 2025-02-01 (running) → P1 accompagne S1 from 2024-03-01, no end;
// - S2 (Dieuze): a parcours in the ingénierie collective of P2 (2025-01-10 → 2025-06-30), its own
//   ingénierie date empty → P2 accompagne S2 from 2025-01-10 to 2025-06-30;
// - S3 (Vic-sur-Seille): a parcours without prestataire, accueil 2019 → no relation, not
//   accompanied in 2023–2025; S4 (Château-Salins): never accompanied;
// - S5 (Metz): outside the Saulnois; F1 a fédération (a structure, in Metz); P3 a funder; I1 an
//   initiative in Château-Salins.
// Relations imported from a CSV (8 rows accepted, 5 rejected): S1, S2, S4 and S5 membre_de F1, I1 partenaire_de S3 and S4, P3
// finance S3, S3 partenaire_de S4. Ranking of the Saulnois (unaccompanied structures first):
// I1 (2 of 2), F1 (1 of 3: S4), P3 (1 of 1), then P1 and P2 (0 of 1).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccompaniments } from '../../src/lib/server/queries/accompaniments';
import { joinCollective, leaveCollective } from '../../src/lib/server/queries/ingenieries-collectives';
import { editParcours } from '../../src/lib/server/queries/parcours';
import { upsertActors } from '../../src/lib/server/queries/actors';
import { addParticipation, initiativeHistory, territoryDynamics } from '../../src/lib/server/queries/initiatives';
import { partnerRanking, relationsOfActor, saveRelation, territoryNetwork, deleteRelation } from '../../src/lib/server/queries/relations';
import { runImport } from '../../src/lib/server/importer';
import { runRelationImport } from '../../src/lib/server/relation-import';
import { importTerritories } from '../../src/lib/server/territories/import';
import { relationSchema } from '../../src/lib/schemas/relation';
import { BACKENDS, openTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';
import { testConfig } from '../helpers/config';

const PERIOD = { from: 2023, to: 2025 };
const WHO = { id: 0, email: 'test@maillage.local' };

/** A SIRET with a valid Luhn key, from its first 13 digits. */
function siret(first13: string): string {
	for (let d = 0; d < 10; d++) {
		const digits = `${first13}${d}`;
		const sum = [...digits].reverse().reduce((s, c, i) => {
			const n = Number(c) * (i % 2 ? 2 : 1);
			return s + (n > 9 ? n - 9 : n);
		}, 0);
		if (sum % 10 === 0) return digits;
	}
	throw new Error('unreachable');
}
const S2_SIRET = siret('7750000000001');

const actor = actorFixture((n) => ({ commune_code: '57132', lon: 6.51, lat: 48.81, precision: 'commune', source_id: `s${n}` }));
const partner = (source_id: string, kind: 'partenaire' | 'initiative', commune_code = '57463') =>
	actor(0, {
		kind,
		nom: source_id.toUpperCase(),
		source_id,
		commune_code,
		naf: null,
		tranche_effectifs: null,
		categorie_juridique: null,
		famille_juridique: null
	});

describe.each(BACKENDS)('relations between actors on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	let ids: Record<string, number>;
	let saulnois: string;
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
		await importTerritories(handle.db, testConfig());
		await upsertActors(handle.db, [
			actor(1, {}),
			actor(2, { commune_code: '57177', siret: S2_SIRET, siren: S2_SIRET.slice(0, 9) }),
			actor(3, { commune_code: '57712' }),
			actor(4, {}),
			actor(5, { commune_code: '57463' }),
			actor(9, { nom: 'Fédération F1', source_id: 'f1', commune_code: '57463' }),
			partner('p1', 'partenaire'),
			partner('p2', 'partenaire'),
			partner('p3', 'partenaire'),
			partner('i1', 'initiative', '57132')
		]);
		ids = await actorIdsBySourceId(handle.db);
		saulnois = (
			await handle.db
				.selectFrom('territory')
				.select('epci_code')
				.where('level', '=', 'commune')
				.where('code', '=', '57132')
				.executeTakeFirstOrThrow()
		).epci_code!;
		const ic = await handle.db
			.insertInto('ingenierie_collective')
			.values({ titre: 'Numérique', prestataire_id: ids.p2, date_debut: '2025-01-10', date_fin: '2025-06-30' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await upsertAccompaniments(handle.db, [
			testAccompaniment({
				actor_id: ids.s1,
				source_id: 'a1',
				stage: 'suivi',
				date_accueil: '2023-10-01',
				date_ingenierie: '2024-03-01',
				prestataire_id: ids.p1
			}),
			testAccompaniment({
				actor_id: ids.s1,
				source_id: 'a1b',
				stage: 'ingenierie',
				date_accueil: '2024-11-01',
				date_ingenierie: '2025-02-01',
				prestataire_id: ids.p1
			}),
			testAccompaniment({ actor_id: ids.s2, source_id: 'a2', stage: 'ingenierie', date_accueil: '2024-12-01' }),
			testAccompaniment({ actor_id: ids.s3, source_id: 'a3', stage: 'accueil', date_accueil: '2019-05-01' })
		]);
		await handle.db.updateTable('accompaniment').set({ date_fin_ingenierie: '2024-09-30' }).where('source_id', '=', 'a1').execute();
		await handle.db.updateTable('accompaniment').set({ ingenierie_collective_id: ic.id }).where('source_id', '=', 'a2').execute();
	});
	afterAll(async () => handle?.drop());

	const derived = () =>
		handle.db
			.selectFrom('actor_relation_all')
			.select(['from_id', 'to_id', 'type', 'date_debut', 'date_fin'])
			.where('source', '=', 'parcours')
			.orderBy('from_id')
			.execute();
	const parcoursOf = (sourceId: string) =>
		handle.db.selectFrom('accompaniment').select(['id', 'version']).where('source_id', '=', sourceId).executeTakeFirstOrThrow();

	it('derives « prestataire accompagne structure » from the parcours, right after each parcours write', async () => {
		const expected = [
			{ from_id: ids.p1, to_id: ids.s1, type: 'accompagne', date_debut: '2024-03-01', date_fin: null },
			{ from_id: ids.p2, to_id: ids.s2, type: 'accompagne', date_debut: '2025-01-10', date_fin: '2025-06-30' }
		];
		expect(await derived()).toEqual(expected);
		// Nothing derived is stored: the table holds what users wrote.
		expect(await handle.db.selectFrom('actor_relation').select('id').execute()).toEqual([]);
		// The second parcours of S1 ends (the parcours form): the relation ends with it; S2 leaves the
		// collective: its relation is gone; it joins again: back.
		const a1b = await parcoursOf('a1b');
		await editParcours(handle.db, a1b.id, a1b.version, { date_fin_ingenierie: '2025-05-31' }, WHO);
		const ic = await handle.db.selectFrom('ingenierie_collective').select('id').executeTakeFirstOrThrow();
		const a2 = await parcoursOf('a2');
		await leaveCollective(handle.db, ic.id, a2.id, WHO);
		expect(await derived()).toEqual([{ ...expected[0], date_fin: '2025-05-31' }]);
		await joinCollective(handle.db, ic.id, a2.id, WHO);
		const edited = await parcoursOf('a1b');
		await editParcours(handle.db, edited.id, edited.version, { date_fin_ingenierie: null }, WHO);
		expect(await derived()).toEqual(expected);
		// A relation typed by hand for the same pair stands beside the derived one.
		expect(await territoryNetwork(handle.db, 'commune', '57132', ['accompagne'])).toMatchObject({
			edges: [{ from: ids.p1, to: ids.s1, type: 'accompagne', sources: ['parcours'] }]
		});
	});

	it('reads the network without writing: /reseau’s load leaves actor_relation untouched', async () => {
		const snapshot = () => handle.db.selectFrom('actor_relation').selectAll().orderBy('id').execute();
		const audits = () =>
			handle.db
				.selectFrom('audit_log')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow();
		const [before, auditsBefore] = [await snapshot(), await audits()];
		await territoryNetwork(handle.db, 'epci', saulnois);
		await partnerRanking(handle.db, 'epci', saulnois, PERIOD);
		expect(await snapshot()).toEqual(before);
		expect(await audits()).toEqual(auditsBefore);
	});

	it('imports relations from a CSV with a row-level report, and a second import changes nothing', async () => {
		const csv = [
			'de;vers;type;date_debut;date_fin',
			`${ids.s1};${ids.f1};membre_de;2020-01-01;`,
			`${S2_SIRET};${ids.f1};Membre de;;`,
			`${ids.p3};${ids.s3};finance;2024-01-01;2023-01-01`,
			`999999;${ids.s1};partenaire_de;;`,
			`${ids.s1};${ids.f1};membre_de;;`,
			`W572000001;${ids.s1};finance;;`,
			`${ids.s3};${ids.f1};bidule;;`,
			`${ids.i1};${ids.s3};partenaire_de;;`,
			`${ids.i1};${ids.s4};partenaire_de;;`,
			`${ids.p3};${ids.s3};finance;01/01/2024;`,
			`${ids.s4};${ids.f1};membre_de;;`,
			`${ids.s5};${ids.f1};membre_de;;`,
			`${ids.s3};${ids.s4};partenaire_de;;`
		].join('\n');
		const first = await runRelationImport(handle.db, new TextEncoder().encode(csv), { fileName: 'relations.csv', who: WHO });
		expect(first.summary).toMatchObject({ read: 13, imported: 8, updated: 0, unchanged: 0, rejected: 5 });
		// The rows the reader refuses first (dates, duplicate, type), then those whose actor is unknown.
		expect(first.rejections.map((r) => [r.line, r.column])).toEqual([
			[4, 'date_fin'],
			[6, null],
			[8, 'type'],
			[5, 'de'],
			[7, 'de']
		]);
		expect(first.rejections.find((r) => r.line === 5)!.reason).toBe('aucun acteur avec l’identifiant 999999 : importer d’abord l’acteur');
		expect(first.rejections.find((r) => r.line === 6)!.reason).toBe(
			'doublon : relation ' + `${ids.s1} membre_de ${ids.f1}` + ' déjà présent ligne 2'
		);
		const stored = await handle.db
			.selectFrom('import_rejection')
			.select('line')
			.where('import_run_id', '=', first.runId!)
			.orderBy('line')
			.execute();
		expect(stored.map((r) => r.line)).toEqual([4, 5, 6, 7, 8]);

		const again = await runRelationImport(handle.db, new TextEncoder().encode(csv), { fileName: 'relations.csv', who: WHO });
		expect(again.summary).toMatchObject({ read: 13, imported: 0, updated: 0, unchanged: 8, rejected: 5 });
		// The /import page's importer recognises the file (de, vers, type) and runs the same import.
		const viaPage = await runImport(handle.db, new TextEncoder().encode(csv), {
			fileName: 'relations.csv',
			departement: '57',
			dryRun: true,
			who: WHO
		});
		expect(viaPage.format).toBe('relations');
		expect(viaPage.summary).toMatchObject({ read: 13, imported: 0, unchanged: 8, rejected: 5 });
		const { count } = await handle.db
			.selectFrom('actor_relation')
			.select((eb) => eb.fn.countAll<number>().as('count'))
			.where('source', '=', 'import')
			.executeTakeFirstOrThrow();
		expect(Number(count)).toBe(8);
	});

	it('ranks the partners and networks of the Saulnois by unaccompanied structures, as an independent query does', async () => {
		const ranking = await partnerRanking(handle.db, 'epci', saulnois, PERIOD);
		expect(ranking.map((r) => [r.nom, r.structures, r.non_accompagnees])).toEqual([
			['I1', 2, 2],
			['Fédération F1', 3, 1],
			['P3', 1, 1],
			['P1', 1, 0],
			['P2', 1, 0]
		]);
		// The same figures another way: each structure of the Saulnois with its partners, and whether
		// one of its parcours has a dated step within 2023–2025 (the relations stored and derived).
		const { rows } = await sql<{ nom: string; structures: number; non_accompagnees: number }>`
			SELECT p.nom, count(*)::int AS structures,
				sum(CASE WHEN acc.id IS NULL THEN 1 ELSE 0 END)::int AS non_accompagnees
			FROM (
				SELECT DISTINCT CASE WHEN r.to_id = s.id THEN r.from_id ELSE r.to_id END AS partner_id, s.id AS structure_id
				FROM actor s
				JOIN territory c ON c.level = 'commune' AND c.code = s.commune_code AND c.epci_code = ${saulnois}
				JOIN actor_relation_all r ON (r.to_id = s.id OR (r.from_id = s.id AND (r.type = 'membre_de' OR
					(SELECT kind FROM actor WHERE id = r.to_id) <> 'structure_ess')))
				WHERE s.kind = 'structure_ess'
			) link
			JOIN actor p ON p.id = link.partner_id
			LEFT JOIN LATERAL (
				SELECT ac.id FROM accompaniment ac WHERE ac.actor_id = link.structure_id AND (
					ac.date_accueil BETWEEN '2023-01-01' AND '2025-12-31' OR ac.date_diagnostic BETWEEN '2023-01-01' AND '2025-12-31'
					OR ac.date_plan BETWEEN '2023-01-01' AND '2025-12-31' OR ac.date_ingenierie BETWEEN '2023-01-01' AND '2025-12-31'
					OR ac.date_suivi BETWEEN '2023-01-01' AND '2025-12-31') LIMIT 1
			) acc ON true
			WHERE p.kind <> 'structure_ess' OR EXISTS (SELECT 1 FROM actor_relation_all m WHERE m.to_id = p.id AND m.from_id = link.structure_id AND m.type = 'membre_de')
			GROUP BY p.nom`.execute(handle.db);
		const independent = Object.fromEntries(rows.map((r) => [r.nom, [r.structures, r.non_accompagnees]]));
		expect(Object.fromEntries(ranking.map((r) => [r.nom, [r.structures, r.non_accompagnees]]))).toEqual(independent);
		// One relation type only: the funders.
		expect((await partnerRanking(handle.db, 'epci', saulnois, PERIOD, ['finance'])).map((r) => r.nom)).toEqual(['P3']);
	});

	it('gives the network of the Saulnois with degrees, filtered by relation type', async () => {
		const network = await territoryNetwork(handle.db, 'epci', saulnois);
		// 2 derived + 8 imported, less S5 → F1 (both in Metz).
		expect(network.edges).toHaveLength(9);
		const degree = Object.fromEntries(network.nodes.map((n) => [n.nom, n.degree]));
		expect(degree).toEqual({
			'Structure 1': 2,
			'Structure 2': 2,
			'Structure 3': 3,
			'Structure 4': 3,
			'Fédération F1': 3,
			I1: 2,
			P1: 1,
			P2: 1,
			P3: 1
		});
		expect(network.nodes.find((n) => n.nom === 'Fédération F1')!.local).toBe(false);
		const members = await territoryNetwork(handle.db, 'epci', saulnois, ['membre_de']);
		expect(members.edges.map((e) => e.type)).toEqual(['membre_de', 'membre_de', 'membre_de']);
	});

	it('records relations by hand, audited, and removes them; derived ones have no id to remove', async () => {
		const input = relationSchema.parse({ from_id: ids.p3, to_id: ids.s4, type: 'Finance', date_debut: '01/02/2025' });
		const saved = await saveRelation(handle.db, input, WHO);
		expect(saved).toMatchObject({ ok: true, created: true });
		expect(await saveRelation(handle.db, { ...input, note: 'subvention' }, WHO)).toMatchObject({ ok: true, created: false });
		expect(relationSchema.safeParse({ from_id: ids.p3, to_id: ids.p3, type: 'finance' }).success).toBe(false);
		if (!saved.ok) throw new Error('not saved');
		const ofS4 = await relationsOfActor(handle.db, ids.s4);
		expect(ofS4.find((r) => r.source === 'manuel')).toMatchObject({
			id: saved.id,
			direction: 'entrante',
			other: { id: ids.p3 },
			date_debut: '2025-02-01',
			note: 'subvention'
		});
		expect((await relationsOfActor(handle.db, ids.s1)).filter((r) => r.source === 'parcours').map((r) => r.id)).toEqual([null]);
		expect(await deleteRelation(handle.db, saved.id, WHO)).toEqual({ ok: true });
		expect(await deleteRelation(handle.db, saved.id, WHO)).toMatchObject({ ok: false, status: 404 });
		expect((await relationsOfActor(handle.db, ids.s4)).some((r) => r.source === 'manuel')).toBe(false);
		const actions = await handle.db.selectFrom('audit_log').select('action').where('entity', '=', 'actor_relation').orderBy('id').execute();
		expect(actions.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
	});

	it('keeps the participations of an initiative and lists the dynamics of the territory', async () => {
		expect(await addParticipation(handle.db, ids.s1, { date: '2025-03-01', note: null, actor_ids: [] }, WHO)).toMatchObject({
			ok: false,
			status: 400
		});
		expect(
			await addParticipation(handle.db, ids.i1, { date: '2025-03-12', note: 'Comité du PTCE', actor_ids: [ids.s4, ids.s1] }, WHO)
		).toMatchObject({
			ok: true
		});
		expect(await addParticipation(handle.db, ids.i1, { date: '2024-06-01', note: null, actor_ids: [] }, WHO)).toMatchObject({ ok: true });
		const history = await initiativeHistory(handle.db, ids.i1);
		expect(history.participations.map((p) => [p.date, p.met.map((m) => m.nom)])).toEqual([
			['2025-03-12', ['Structure 1', 'Structure 4']],
			['2024-06-01', []]
		]);
		expect(history.structures.map((s) => s.nom)).toEqual(['Structure 1', 'Structure 3', 'Structure 4']);
		expect(await territoryDynamics(handle.db, 'epci', saulnois)).toEqual([
			{
				id: ids.i1,
				nom: 'I1',
				commune: 'Château-Salins',
				acteurs_du_territoire: 3,
				participations: 2,
				derniere_participation: '2025-03-12'
			}
		]);
		expect(await territoryDynamics(handle.db, 'commune', '57463')).toEqual([]);
	});
});
