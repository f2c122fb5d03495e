// The DLA's partners: real institutions (with fictitious people) at the chef-lieu, and
// fictitious consultancies — the prestataires of the ingénieries — in the larger towns.
import type { Random } from '../random';
import { WeightedIndex } from '../random';
import { fictitiousContact } from './people';
import type { CommunePlaces } from './places';
import { DEMO_SOURCE, type DemoActor } from './types';
import { institutions, PARTNER_ROLES, PRESTATAIRE_NAF, PRESTATAIRE_ROLES, PRESTATAIRES } from './vocabulary';

export const PRESTATAIRE_TAG = 'prestataire';
export const INSTITUTION_TAG = 'institution';

export interface PartnerContext {
	rng: Random;
	places: CommunePlaces;
	departement: { nom: string; typeLiaison?: number | null };
	region: string;
	/** Index of the commune where the State and the Département sit. */
	chefLieu: number;
}

function partnerBase(
	ctx: PartnerContext,
	communeIndex: number
): Omit<DemoActor, 'source_id' | 'nom' | 'sigle' | 'naf' | 'tranche_effectifs' | 'employeur' | 'tags' | 'notes' | 'contacts'> {
	const [lon, lat] = ctx.places.randomPoint(communeIndex, ctx.rng);
	return {
		source: DEMO_SOURCE,
		kind: 'partenaire',
		siren: null,
		siret: null,
		rna: null,
		categorie_juridique: null,
		ess: null,
		date_creation: null,
		...ctx.places.address(communeIndex, ctx.rng),
		commune_code: ctx.places.communes[communeIndex].code,
		lon,
		lat,
		precision: 'adresse'
	};
}

export function generateInstitutions(ctx: PartnerContext): DemoActor[] {
	return institutions(ctx.departement, ctx.region).map((institution, i) => ({
		...partnerBase(ctx, ctx.chefLieu),
		source_id: `demo-p-${String(i + 1).padStart(2, '0')}`,
		nom: institution.nom,
		sigle: institution.sigle,
		naf: null,
		tranche_effectifs: null,
		employeur: null,
		tags: [INSTITUTION_TAG],
		notes: institution.note,
		contacts: Array.from({ length: ctx.rng.int(1, 2) }, () => fictitiousContact(ctx.rng, institution.nom, PARTNER_ROLES))
	}));
}

/** Consultancies settle where the clients are: weight grows faster than the population. */
export function generatePrestataires(ctx: PartnerContext): DemoActor[] {
	const towns = new WeightedIndex(ctx.places.communes.map((c) => Math.pow(Math.max(0, c.population), 1.3)));
	return PRESTATAIRES.map((nom, i) => ({
		...partnerBase(ctx, towns.draw(ctx.rng)),
		source_id: `demo-p-${String(101 + i)}`,
		nom,
		sigle: null,
		naf: PRESTATAIRE_NAF,
		tranche_effectifs: ctx.rng.pick(['01', '02', '03']),
		employeur: true,
		tags: [PRESTATAIRE_TAG],
		notes: 'Prestataire fictif (démonstration)',
		contacts: [fictitiousContact(ctx.rng, nom, PRESTATAIRE_ROLES)]
	}));
}
