// The ESS establishments of the demo: spread like real ones (in proportion to the population,
// with a rural floor so that villages get their foyer rural and football club), with the legal
// forms, activities, sizes and names of the département's ESS.
import { deLieu } from '../format';
import type { Random } from '../random';
import { WeightedIndex } from '../random';
import { isEmployerTranche } from '../tranches';
import { DROIT_LOCAL_DEPARTEMENTS, LEGAL_PROFILES, SIZE_BANDS, type Activity, type LegalProfile } from './catalogue';
import type { IdentifierRegistry } from './identifiers';
import { fictitiousContact } from './people';
import type { CommunePlaces } from './places';
import { DEMO_SOURCE, type DemoActor } from './types';
import { DISTINGUISHERS, STRUCTURE_ROLES } from './vocabulary';

/** Inhabitants added to every commune's weight: 250 ≈ one structure per 2 to 3 villages. */
export const RURAL_FLOOR = 250;
/** Share of establishments geocoded only to their commune (no usable address). */
const COMMUNE_PRECISION_SHARE = 0.1;
/** Legal units of a network activity that run secondary establishments. */
const NETWORK_SHARE = 0.25;
const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

/** A generated structure with what the accompaniment step needs and the records do not carry. */
export interface GeneratedStructure {
	actor: DemoActor;
	communeIndex: number;
	/** How readily the DLA meets this kind of structure (catalogue). */
	dlaAffinity: number;
}

export interface StructureContext {
	rng: Random;
	places: CommunePlaces;
	ids: IdentifierRegistry;
	departement: string;
	today: Date;
}

function profileWeights(departement: string): (readonly [LegalProfile, number])[] {
	const droitLocal = DROIT_LOCAL_DEPARTEMENTS.has(departement);
	return LEGAL_PROFILES.map((p) => [p, droitLocal ? p.weight.droitLocal : p.weight.general] as const).filter(([, w]) => w > 0);
}

/** « Foyer rural {de}|FR » → name and sigle for a commune. */
function fillTemplate(template: string, commune: string): { nom: string; sigle: string | null } {
	const [pattern, sigle] = template.split('|');
	return { nom: pattern.replace('{de}', deLieu(commune)).replace('{c}', commune), sigle: sigle ?? null };
}

/** Two « Association sportive de Metz » would look like a duplicate: the second gets a place. */
function uniqueName(nom: string, used: Set<string>, rng: Random): string {
	let candidate = nom;
	for (let i = 0; used.has(candidate); i++) {
		candidate = i < DISTINGUISHERS.length ? `${nom} – ${rng.pick(DISTINGUISHERS)}` : `${nom} ${i - DISTINGUISHERS.length + 2}`;
	}
	used.add(candidate);
	return candidate;
}

/** Ages follow an exponential law: many young structures, a long tail of old ones. */
function creationDate(rng: Random, meanAgeYears: number, today: Date, notBefore?: string): string {
	const age = Math.min(120, 0.3 + -meanAgeYears * Math.log(1 - rng.next()));
	let time = today.getTime() - age * YEAR_MS;
	if (notBefore) time = Math.max(time, Date.parse(notBefore) + rng.int(30, 3000) * DAY_MS);
	return new Date(Math.min(time, today.getTime() - 30 * DAY_MS)).toISOString().slice(0, 10);
}

function locate(ctx: StructureContext, communeIndex: number): Pick<DemoActor, 'lon' | 'lat' | 'precision'> {
	const byCommune = ctx.rng.chance(COMMUNE_PRECISION_SHARE);
	const [lon, lat] = byCommune ? ctx.places.labelPoint(communeIndex) : ctx.places.randomPoint(communeIndex, ctx.rng);
	return { lon, lat, precision: byCommune ? 'commune' : 'adresse' };
}

interface Establishment {
	sourceId: string;
	communeIndex: number;
	profile: LegalProfile;
	activity: Activity;
	nom: string;
	sigle: string | null;
	siren: string;
	rna: string | null;
	dateCreation: string;
	tags: string[];
}

function establishmentActor(ctx: StructureContext, e: Establishment): DemoActor {
	const { rng, places } = ctx;
	const commune = places.communes[e.communeIndex];
	const tranche = rng.weighted(SIZE_BANDS[e.activity.size]);
	const employeur = isEmployerTranche(tranche) ?? false;
	return {
		source: DEMO_SOURCE,
		source_id: e.sourceId,
		kind: 'structure_ess',
		nom: e.nom,
		sigle: e.sigle,
		siren: e.siren,
		siret: ctx.ids.siret(e.siren, rng),
		rna: e.rna,
		categorie_juridique: e.profile.categorie_juridique,
		naf: e.activity.naf,
		tranche_effectifs: tranche,
		employeur,
		ess: true,
		date_creation: e.dateCreation,
		...places.address(e.communeIndex, rng),
		commune_code: commune.code,
		...locate(ctx, e.communeIndex),
		tags: e.tags,
		notes: null,
		// Employers more often have a known contact person.
		contacts: rng.chance(employeur ? 0.45 : 0.15) ? [fictitiousContact(rng, e.nom, STRUCTURE_ROLES)] : []
	};
}

/** An antenne « de Metz » of a unit based in Metz would read oddly: draw again a few times. */
function drawOtherCommune(draw: WeightedIndex, avoid: number, rng: Random): number {
	let index = draw.draw(rng);
	for (let i = 0; i < 5 && index === avoid; i++) index = draw.draw(rng);
	return index;
}

export function generateStructures(ctx: StructureContext, count: number): GeneratedStructure[] {
	const { rng, places } = ctx;
	const communeDraw = new WeightedIndex(places.communes.map((c) => Math.max(0, c.population) + RURAL_FLOOR));
	const profiles = profileWeights(ctx.departement);
	const droitLocal = DROIT_LOCAL_DEPARTEMENTS.has(ctx.departement);
	const usedNames = new Set<string>();
	const out: GeneratedStructure[] = [];
	const nextId = () => `demo-s-${String(out.length + 1).padStart(4, '0')}`;

	while (out.length < count) {
		const communeIndex = communeDraw.draw(rng);
		const profile = rng.weighted(profiles);
		const activity = rng.weighted(profile.activities.map((a) => [a, a.weight] as const));
		const { nom, sigle } = fillTemplate(rng.pick(activity.names), places.communes[communeIndex].nom);
		const isAssociation = profile.categorie_juridique.startsWith('92');
		const head: Establishment = {
			sourceId: nextId(),
			communeIndex,
			profile,
			activity,
			nom: uniqueName(nom, usedNames, rng),
			sigle,
			siren: ctx.ids.siren(rng),
			// Associations de droit local are registered at the tribunal, not in the RNA.
			rna: isAssociation && !droitLocal ? ctx.ids.rna(ctx.departement, rng) : null,
			dateCreation: creationDate(rng, profile.meanAgeYears, ctx.today),
			tags: [...(activity.tags ?? [])]
		};
		out.push({ actor: establishmentActor(ctx, head), communeIndex, dlaAffinity: activity.dla });

		if (!activity.network || !rng.chance(NETWORK_SHARE)) continue;
		const antennes = Math.min(rng.int(1, 3), count - out.length);
		for (let i = 0; i < antennes; i++) {
			const antenneCommune = drawOtherCommune(communeDraw, communeIndex, rng);
			const antenneNom = places.communes[antenneCommune].nom;
			const antenne: Establishment = {
				...head,
				sourceId: nextId(),
				communeIndex: antenneCommune,
				nom: uniqueName(
					antenneCommune === communeIndex ? `${head.nom} – second site` : `${head.nom} – antenne ${deLieu(antenneNom)}`,
					usedNames,
					rng
				),
				dateCreation: creationDate(rng, profile.meanAgeYears / 2, ctx.today, head.dateCreation),
				tags: [...head.tags, 'établissement secondaire']
			};
			out.push({ actor: establishmentActor(ctx, antenne), communeIndex: antenneCommune, dlaAffinity: activity.dla });
		}
	}
	return out;
}
