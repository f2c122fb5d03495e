// Initiatives of the territory (tiers-lieux, France Services, PTCE, food plans, ressourceries,
// festivals…): not structures the DLA accompanies, but what a chargé·e de mission maps around them.
import { deLieu } from '../format';
import type { Random } from '../random';
import { WeightedIndex } from '../random';
import type { CommunePlaces } from './places';
import { DEMO_SOURCE, type DemoActor } from './types';
import { INITIATIVE_TYPES, type InitiativeType } from './vocabulary';

const DAY_MS = 86_400_000;
/** Initiatives are recent: created in the last ten years. */
const MAX_AGE_DAYS = 3650;

export interface InitiativeContext {
	rng: Random;
	places: CommunePlaces;
	epciNames: Map<string, string>;
	today: Date;
}

function initiativeName(type: InitiativeType, communeIndex: number, ctx: InitiativeContext): string | null {
	const commune = ctx.places.communes[communeIndex];
	if (type.template.includes('{epci}')) {
		const epci = commune.epci_code ? ctx.epciNames.get(commune.epci_code) : undefined;
		if (!epci) return null;
		return type.template.replace('{epci}', epci);
	}
	return type.template.replace('{de}', deLieu(commune.nom)).replace('{c}', commune.nom);
}

export function generateInitiatives(ctx: InitiativeContext, count: number): DemoActor[] {
	const { rng, places } = ctx;
	// Less concentrated than structures: many initiatives are rural (France Services, PAT).
	const where = new WeightedIndex(places.communes.map((c) => Math.pow(Math.max(0, c.population), 0.8) + 50));
	const types = INITIATIVE_TYPES.map((t) => [t, t.weight] as const);
	const used = new Set<string>();
	const out: DemoActor[] = [];
	// Bounded: a tiny territory may not have room for `count` distinct names.
	for (let attempt = 0; out.length < count && attempt < count * 20; attempt++) {
		const communeIndex = where.draw(rng);
		const type = rng.weighted(types);
		const nom = initiativeName(type, communeIndex, ctx);
		if (!nom || used.has(nom)) continue;
		used.add(nom);
		const [lon, lat] = places.randomPoint(communeIndex, rng);
		out.push({
			source: DEMO_SOURCE,
			source_id: `demo-i-${String(out.length + 1).padStart(3, '0')}`,
			kind: 'initiative',
			nom,
			sigle: null,
			siren: null,
			siret: null,
			rna: null,
			categorie_juridique: null,
			naf: null,
			tranche_effectifs: null,
			employeur: null,
			ess: null,
			date_creation: new Date(ctx.today.getTime() - rng.int(60, MAX_AGE_DAYS) * DAY_MS).toISOString().slice(0, 10),
			...places.address(communeIndex, rng),
			commune_code: places.communes[communeIndex].code,
			lon,
			lat,
			precision: 'adresse',
			tags: [type.tag],
			notes: type.note,
			contacts: []
		});
	}
	return out;
}
