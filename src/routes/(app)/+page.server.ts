import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { byNom } from '$lib/server/queries/territories';
import { loadSectorTable } from '$lib/server/reference';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const config = readConfig();
	const { db } = await getDatabase();
	const [departement, zones, index] = await Promise.all([
		db
			.selectFrom('territory')
			.select(['code', 'nom', (eb) => eb.fn<string>('ST_AsGeoJSON', [eb.fn('ST_Envelope', ['geom'])]).as('envelope')])
			.where('level', '=', 'departement')
			.where('code', '=', config.departement)
			.executeTakeFirst(),
		db
			.selectFrom('territory')
			.select(['code', 'nom'])
			.where('level', '=', 'zone')
			.where('departement_code', '=', config.departement)
			.execute(),
		db
			.selectFrom('territory')
			.select(['level', 'code', 'nom'])
			.where('level', 'in', ['commune', 'epci', 'zone'])
			.where('departement_code', '=', config.departement)
			.execute()
	]);
	const sectorTable = await loadSectorTable();
	const sectorLabels = Object.fromEntries(sectorTable.sectors.map((s) => [s.code, s.label]));
	const envelope = departement ? (JSON.parse(departement.envelope) as { coordinates: number[][][] }) : null;
	const ring = envelope?.coordinates[0] ?? [];
	const bounds = ring.length
		? ([
				Math.min(...ring.map((p) => p[0])),
				Math.min(...ring.map((p) => p[1])),
				Math.max(...ring.map((p) => p[0])),
				Math.max(...ring.map((p) => p[1]))
			] as [number, number, number, number])
		: null;
	return {
		departement: departement ? { code: departement.code, nom: departement.nom } : { code: config.departement, nom: config.departement },
		bounds,
		zones: zones.sort(byNom),
		/** The sectors with the words people use for them (the filter's sector search). */
		sectors: sectorTable.sectors.map(({ code, label, synonyms }) => ({ code, label, synonyms: synonyms ?? [] })),
		labels: {
			secteur: sectorLabels,
			zone: Object.fromEntries(zones.map((z) => [z.code, z.nom])),
			epci: Object.fromEntries(index.filter((t) => t.level === 'epci').map((t) => [t.code, t.nom]))
		},
		basemap: config.basemapUrl ? { url: config.basemapUrl, attribution: config.basemapAttribution } : null
	};
};
