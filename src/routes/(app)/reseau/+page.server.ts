// The partner network of a territory (issue 16): who works with whom there, drawn on the map or
// by a force layout, and the partners and networks ranked by the structures the DLA has not
// accompanied that they could bring to it. `?territoire=epci:CODE&types=finance,membre_de&de=&a=`.
import { error } from '@sveltejs/kit';
import { sql } from 'kysely';
import { LEVEL_LABELS, territoryLevelSchema } from '$lib/domain/territory/levels';
import { parsePeriod } from '$lib/domain/portrait/period';
import { RELATION_TYPES, type RelationType } from '$lib/schemas/relation';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { partnerRanking, territoryNetwork } from '$lib/server/queries/relations';
import { byNom, zonesAndEpcis } from '$lib/server/queries/territories';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const config = readConfig();
	const { db } = await getDatabase();
	const territoires = (await zonesAndEpcis(db, config.departement)).sort((a, b) =>
		a.level === b.level ? byNom(a, b) : a.level === 'zone' ? -1 : 1
	);
	const types = (url.searchParams.get('types') ?? '')
		.split(',')
		.filter((t): t is RelationType => (RELATION_TYPES as readonly string[]).includes(t));
	const period = parsePeriod(url.searchParams);
	if (!period.ok) error(400, period.message);
	const base = { territoires, types, period: period.period, territory: null, network: null, ranking: [] };
	const territoire = url.searchParams.get('territoire');
	if (!territoire) return base;
	const [rawLevel, code = ''] = territoire.split(':');
	const level = territoryLevelSchema.safeParse(rawLevel);
	if (!level.success || !/^[\w-]{1,20}$/.test(code))
		error(400, `territoire : niveau:code attendu (ex. epci:200067502), pas « ${territoire.slice(0, 40)} »`);
	const territory = await db
		.selectFrom('territory')
		.select(['level', 'code', 'nom', sql<string>`ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.0005), 5)`.as('geometry')])
		.where('level', '=', level.data)
		.where('code', '=', code)
		.executeTakeFirst();
	if (!territory) error(404, `Aucun territoire ${LEVEL_LABELS[level.data]} avec le code ${code}`);
	const [network, ranking] = await Promise.all([
		territoryNetwork(db, level.data, code, types),
		partnerRanking(db, level.data, code, period.period, types)
	]);
	return {
		...base,
		territory: {
			level: territory.level,
			code: territory.code,
			nom: territory.nom,
			label: LEVEL_LABELS[territory.level],
			geometry: JSON.parse(territory.geometry)
		},
		network,
		ranking
	};
};
