// What every tab of /parcours needs to draw its filters and forms: the territories, the sectors,
// the team (owners), the partner actors (prestataires), the themes (data/parcours.json) and the priority zones.
import { can } from '$lib/domain/roles';
import { readConfig } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { partnerActors } from '$lib/server/queries/parcours';
import { byNom, zonesAndEpcis } from '$lib/server/queries/territories';
import { activeTeam } from '$lib/server/queries/users';
import { loadParcoursConfig, loadSectorLabels } from '$lib/server/reference';
import { zonePriorities } from '$lib/server/territories/import';
import type { LayoutServerLoad } from './$types';

/** Partner actors tagged so are the consultancies the DLA funds (the demo and the imports tag them). */
const PRESTATAIRE_TAG = 'prestataire';

export const load: LayoutServerLoad = async ({ locals }) => {
	const config = readConfig();
	const { db } = await getDatabase();
	const [territories, sectorLabels, parcoursConfig, priorities, team, partners] = await Promise.all([
		zonesAndEpcis(db, config.departement),
		loadSectorLabels(),
		loadParcoursConfig(config.dataDir),
		zonePriorities(config.dataDir, config.departement),
		activeTeam(db),
		partnerActors(db)
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
