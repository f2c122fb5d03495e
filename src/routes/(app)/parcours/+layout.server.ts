// What every tab of /parcours needs to draw its filters and forms: the territories, the sectors,
// the team (owners), the partner actors (prestataires), the themes (data/parcours.json) and the priority zones.
import { can } from '$lib/domain/roles';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { byNom } from '$lib/server/queries/territories';
import { loadParcoursConfig, loadSectorLabels } from '$lib/server/reference';
import { zonePriorities } from '$lib/server/territories/import';
import type { LayoutServerLoad } from './$types';

/** Partner actors tagged so are the consultancies the DLA funds (the demo and the imports tag them). */
const PRESTATAIRE_TAG = 'prestataire';

export const load: LayoutServerLoad = async ({ locals }) => {
	const config = readConfig();
	const { db } = await getDatabase();
	const [territories, sectorLabels, parcoursConfig, priorities, team, partners] = await Promise.all([
		db
			.selectFrom('territory')
			.select(['level', 'code', 'nom', 'zone_code'])
			.where('level', 'in', ['epci', 'zone'])
			.where('departement_code', '=', config.departement)
			.execute(),
		loadSectorLabels(),
		loadParcoursConfig(config.dataDir),
		zonePriorities(config.dataDir, config.departement),
		db
			.selectFrom('app_user')
			.select(['id', 'nom', 'email'])
			.where('disabled', '=', false)
			.where('role', 'in', ['admin', 'charge_mission'])
			.execute(),
		db.selectFrom('actor').select(['id', 'nom', 'tags']).where('kind', '=', 'partenaire').orderBy('nom').orderBy('id').execute()
	]);
	const collator = new Intl.Collator('fr');
	return {
		me: locals.user?.id ?? null,
		canWrite: can(locals.user?.role, 'write'),
		zones: territories.filter((t) => t.level === 'zone').sort(byNom),
		epcis: territories
			.filter((t) => t.level === 'epci')
			.sort(byNom)
			.map((t) => ({ code: t.code, nom: t.nom, zone_code: t.zone_code })),
		sectorLabels,
		priorities,
		// An account without a name goes by its address, for those who may read personal data.
		owners: team
			.map((u) => ({ id: u.id, nom: u.nom || (can(locals.user?.role, 'read_personal') ? u.email : `Compte n° ${u.id}`) }))
			.sort((a, b) => collator.compare(a.nom, b.nom)),
		prestataires: partners.map((p) => ({ id: p.id, nom: p.nom, prestataire: p.tags.includes(PRESTATAIRE_TAG) })),
		themes: parcoursConfig.themes
	};
};
