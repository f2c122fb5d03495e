// The demo territory, generated deterministically from a seed for the configured département:
// ESS structures spread like real ones, partners and prestataires (real institutions, fictitious
// people), initiatives, seven years of accompaniments concentrated in the focus zones so that the
// others show real gaps, and the team's contact log. Every record is marked `source: 'demo'`
// with a stable `source_id`. Collectivités come from the reference data, not from here.
//
// Each part draws from its own forked generator, so changing one count leaves the other parts'
// records unchanged.
import { Random } from '../random';
import { generateAccompaniments, DEFAULT_FOCUS_SHARE } from './accompaniments';
import { generateContactLogs } from './contact-logs';
import { IdentifierRegistry } from './identifiers';
import { generateInitiatives } from './initiatives';
import { generateInstitutions, generatePrestataires } from './partners';
import { CommunePlaces } from './places';
import { generateStructures, type GeneratedStructure } from './structures';
import type { DemoData, DemoInput } from './types';

export * from './types';

export const DEFAULT_DEMO_COUNTS = { structures: 2500, initiatives: 60, accompaniments: 450, prospection: 300 } as const;
/** The institutions' région when the input does not say (the app was first built for Moselle). */
const DEFAULT_REGION = 'Grand Est';

/** The chef-lieu when known, else the most populated commune (a préfecture, usually). */
function chefLieuIndex(input: DemoInput, places: CommunePlaces): number {
	const named = input.chefLieu ? places.communes.findIndex((c) => c.code === input.chefLieu) : -1;
	if (named >= 0) return named;
	return places.communes.reduce((best, c, i, all) => (c.population > all[best].population ? i : best), 0);
}

export function generateDemo(input: DemoInput, seed: number): DemoData {
	const communes = input.communes.filter((c) => c.geometry);
	if (communes.length === 0) throw new Error('démo : aucune commune avec géométrie');
	const focusShare = input.focusShare ?? DEFAULT_FOCUS_SHARE;
	if (!(focusShare >= 0 && focusShare <= 1)) throw new RangeError(`démo : focusShare entre 0 et 1 attendu, reçu ${focusShare}`);
	const counts = { ...DEFAULT_DEMO_COUNTS, ...input.counts };

	const rng = new Random(seed);
	const places = new CommunePlaces(communes);
	const structures = generateStructures(
		{ rng: rng.fork('structures'), places, ids: new IdentifierRegistry(), departement: input.departement.code, today: input.today },
		counts.structures
	);

	const partnerContext = {
		rng: rng.fork('partenaires'),
		places,
		departement: input.departement,
		region: input.region ?? DEFAULT_REGION,
		chefLieu: chefLieuIndex(input, places)
	};
	const institutions = generateInstitutions(partnerContext);
	const prestataires = generatePrestataires(partnerContext);

	const initiatives = generateInitiatives(
		{ rng: rng.fork('initiatives'), places, epciNames: new Map(input.epcis.map((e) => [e.code, e.nom])), today: input.today },
		counts.initiatives
	);

	const focus = new Set(input.focusZones);
	const inFocus = (s: GeneratedStructure) => focus.has(places.communes[s.communeIndex].zone_code ?? '');
	const accompaniments = generateAccompaniments(
		{ rng: rng.fork('accompagnements'), today: input.today, structures, inFocus, focusShare, prestataires },
		counts.accompaniments
	);
	const contactLogs = generateContactLogs(
		{ rng: rng.fork('journal'), today: input.today, structures, inFocus },
		accompaniments,
		counts.prospection
	);

	return {
		actors: [...structures.map((s) => s.actor), ...institutions, ...prestataires, ...initiatives],
		accompaniments,
		contactLogs
	};
}
