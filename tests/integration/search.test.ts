// As-you-type search at scale, on both backends: typos and accents still match, identifiers take
// their fast paths, and the ranking reads a bounded set of candidates from the trigram GiST index
// (KNN) whatever the number of matches, with the same answer as ranking every match.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertActors, type ActorUpsert } from '../../src/lib/server/queries/actors';
import { search } from '../../src/lib/server/queries/search';
import { analyzeTables } from '../../src/lib/server/db/analyze';
import { BACKENDS, openTestDatabase } from '../helpers/backends';
import { actorFixture } from '../helpers/fixtures';

const actor = actorFixture({
	naf: null,
	tranche_effectifs: null,
	employeur: null,
	code_postal: '57500',
	commune_code: '57606',
	lon: 6.7,
	lat: 49.1,
	precision: 'adresse'
});

// Many names sharing words, so that a query matches thousands of actors.
const WORDS = ['Association', 'Amicale', 'Club', 'Foyer', 'Comité', 'Union', 'Cercle', 'Société'];
const PLACES = ['Saint-Avold', 'Saint-Avold Centre', 'Freyming', 'Forbach', 'Hombourg', 'Creutzwald', 'Sarreguemines', 'Boulay'];

describe.each(BACKENDS)('search at scale on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	beforeAll(async () => {
		handle = await openTestDatabase(backend);
		await sql`INSERT INTO territory (level, code, nom, departement_code, codes_postaux) VALUES ('commune', '57606', 'Saint-Avold', '57', '{57500}'), ('commune', '57227', 'Forbach', '57', '{57600}')`.execute(
			handle.db
		);
		const rows: ActorUpsert[] = [];
		for (let i = 0; i < 2400; i++) {
			rows.push(
				actor(i, {
					nom: `${WORDS[i % WORDS.length]} ${PLACES[(i >> 3) % PLACES.length]} ${i}`,
					commune_code: i % 2 ? '57606' : '57227',
					code_postal: i % 2 ? '57500' : '57600'
				})
			);
		}
		rows.push(actor(9001, { nom: 'Épicerie solidaire Saint-Avold', sigle: 'ESSA', siren: '732829320', siret: '73282932000074' }));
		rows.push(actor(9002, { nom: 'Théâtre des Ménestrels', siren: '552100554', siret: '55210055400013', code_postal: '57800' }));
		for (let i = 0; i < rows.length; i += 1000) await upsertActors(handle.db, rows.slice(i, i + 1000));
		await analyzeTables(handle.db, ['actor', 'territory']);
	});
	afterAll(async () => handle?.drop());

	it('tolerates typos and accents', async () => {
		expect((await search(handle.db, 'epicerie solidaire', '57')).actors[0]).toMatchObject({
			nom: 'Épicerie solidaire Saint-Avold',
			commune: 'Saint-Avold'
		});
		expect((await search(handle.db, 'Epicrie', '57')).actors[0].nom).toBe('Épicerie solidaire Saint-Avold');
		expect((await search(handle.db, 'theatre menestrel', '57')).actors[0].nom).toBe('Théâtre des Ménestrels');
		expect((await search(handle.db, 'ESSA', '57')).actors[0].nom).toBe('Épicerie solidaire Saint-Avold');
	});

	it('finds by SIRET, SIRET prefix, SIREN and postal code', async () => {
		expect((await search(handle.db, '732 829 320 00074', '57')).actors.map((a) => a.nom)).toEqual(['Épicerie solidaire Saint-Avold']);
		expect((await search(handle.db, '5521005', '57')).actors.map((a) => a.nom)).toEqual(['Théâtre des Ménestrels']);
		expect((await search(handle.db, '552100554', '57')).actors.map((a) => a.nom)).toEqual(['Théâtre des Ménestrels']);
		expect((await search(handle.db, '57800', '57')).actors.map((a) => a.nom)).toEqual(['Théâtre des Ménestrels']);
		// 1,200 actors in 57600: the first eight by name, and the commune.
		const byPostcode = await search(handle.db, '57600', '57');
		const expected = await handle.db
			.selectFrom('actor')
			.select('nom')
			.where('code_postal', '=', '57600')
			.orderBy('nom')
			.orderBy('id')
			.limit(8)
			.execute();
		expect(byPostcode.actors.map((a) => a.nom)).toEqual(expected.map((r) => r.nom));
		expect(byPostcode.territories).toEqual([{ level: 'commune', code: '57227', nom: 'Forbach' }]);
	});

	it('ranks thousands of matches from a bounded candidate set, as closely as ranking all of them would', async () => {
		const similarity = async (q: string, names: string[]) =>
			(
				await sql<{
					s: number;
				}>`SELECT word_similarity(maillage_normalize(${q}), maillage_normalize(n)) AS s FROM unnest(${names}::text[]) WITH ORDINALITY AS u(n, i) ORDER BY i`.execute(
					handle.db
				)
			).rows.map((r) => r.s);
		for (const q of ['saint avold', 'amicale forbach', 'club saint', 'cercle creutzwald 1', 'societe hombourg 2']) {
			const found = (await search(handle.db, q, '57')).actors.map((a) => a.nom);
			// The reference: every match ranked, as the search did before.
			const all = await handle.db.transaction().execute(async (tx) => {
				await sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.35', true)`.execute(tx);
				const { rows } = await sql<{ nom: string; n: number }>`
					SELECT nom, count(*) OVER ()::int AS n FROM actor WHERE maillage_normalize(${q}) <% search_text
					ORDER BY word_similarity(maillage_normalize(${q}), search_text) DESC, length(nom), id LIMIT 8`.execute(tx);
				return rows;
			});
			expect(all[0].n, q).toBeGreaterThan(250);
			// As good a match at every rank; among names equally similar, the shorter first. (Which of
			// hundreds of equally similar names are shown is the index's choice.)
			expect(await similarity(q, found), q).toEqual(
				await similarity(
					q,
					all.map((r) => r.nom)
				)
			);
			const ranked = await similarity(q, found);
			for (let i = 1; i < found.length; i++)
				if (ranked[i] === ranked[i - 1]) expect(found[i].length, q).toBeGreaterThanOrEqual(found[i - 1].length);
		}
		// The plan reads the GiST index in distance order under a limit, not every match.
		const plan = await handle.db.transaction().execute(async (tx) => {
			await sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.35', true)`.execute(tx);
			const { rows } = await sql<{
				'QUERY PLAN': string;
			}>`EXPLAIN SELECT id FROM actor WHERE maillage_normalize('saint avold') <% search_text
				ORDER BY maillage_normalize('saint avold') <<-> search_text LIMIT 64`.execute(tx);
			return rows.map((r) => r['QUERY PLAN']).join('\n');
		});
		expect(plan).toMatch(/Limit[\s\S]*Index Scan using actor_search_trgm_gist/);
	});
});
