import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { generateDemo, type DemoActor, type DemoCommune, type DemoData, type DemoInput } from '../../src/lib/domain/demo/generate';
import { accompanimentSchema } from '../../src/lib/schemas/accompaniment';
import { actorSchema } from '../../src/lib/schemas/actor';
import { checkSiret, isLuhnValid } from '../../src/lib/domain/siret';
import { isEmployerTranche } from '../../src/lib/domain/tranches';

// A toy département of square communes (0.05° ≈ 4 km), on a 4 × 3 grid near Metz: zone metz in
// the first two columns (focus), est and sud in the others. One commune is a MultiPolygon, one a
// square with a hole, one a village of 40 inhabitants.
const SIZE = 0.05;
function square(col: number, row: number, shrink = 0): number[][] {
	const w = 6 + col * SIZE + shrink;
	const s = 49 + row * SIZE + shrink;
	const e = w + SIZE - 2 * shrink;
	const n = s + SIZE - 2 * shrink;
	return [
		[w, s],
		[e, s],
		[e, n],
		[w, n],
		[w, s]
	];
}
const POPULATIONS = [120_000, 8_000, 30_000, 40, 20_000, 1_500, 9_000, 600, 15_000, 2_000, 7_000, 3_000];
const toyCommunes: DemoCommune[] = POPULATIONS.map((population, i) => {
	const col = i % 4;
	const row = Math.floor(i / 4);
	let geometry: Polygon | MultiPolygon = { type: 'Polygon', coordinates: [square(col, row)] };
	// A lake in the middle: nothing may be placed in it.
	if (i === 1) geometry = { type: 'Polygon', coordinates: [square(col, row), square(col, row, 0.015).reverse()] };
	// Two separate parts (the second one off the grid).
	if (i === 2) geometry = { type: 'MultiPolygon', coordinates: [[square(col, row, 0.01)], [square(col, 5)]] };
	return {
		code: `57${String(100 + i)}`,
		nom: [
			'Metz',
			'Amnéville',
			'Le Ban-Saint-Martin',
			'Les Étangs',
			'Forbach',
			'Hayange',
			'Bitche',
			'La Maxe',
			'Sarrebourg',
			'Morhange',
			'Dieuze',
			'Vic-sur-Seille'
		][i],
		population,
		codes_postaux: [`57${String(100 + i * 10).padStart(3, '0')}`],
		epci_code: col < 2 ? 'E1' : col === 2 ? 'E2' : 'E3',
		zone_code: col < 2 ? 'metz' : col === 2 ? 'est' : 'sud',
		geometry
	};
});
const TODAY = new Date('2026-11-28T00:00:00Z');
const toy: DemoInput = {
	departement: { code: '57', nom: 'Moselle', typeLiaison: 3 },
	communes: toyCommunes,
	epcis: [
		{ code: 'E1', nom: 'Eurométropole de Metz' },
		{ code: 'E2', nom: 'CA de Forbach Porte de France' },
		{ code: 'E3', nom: 'CC du Saulnois' }
	],
	zones: [
		{ code: 'metz', nom: 'Metz' },
		{ code: 'est', nom: 'Est' },
		{ code: 'sud', nom: 'Sud' }
	],
	focusZones: ['metz'],
	today: TODAY,
	counts: { structures: 600, initiatives: 20, accompaniments: 120, prospection: 80 }
};

const demo = generateDemo(toy, 57);
const structures = demo.actors.filter((a) => a.kind === 'structure_ess');
const actorById = new Map(demo.actors.map((a) => [a.source_id, a]));
const communeByCode = new Map(toyCommunes.map((c) => [c.code, c]));
const zoneOfActor = (id: string) => communeByCode.get(actorById.get(id)!.commune_code)!.zone_code;

function share<T>(items: readonly T[], test: (item: T) => boolean): number {
	return items.filter(test).length / items.length;
}

describe('demo generator: determinism', () => {
	it('gives identical output for a seed and another output for another seed', () => {
		expect(JSON.stringify(generateDemo(toy, 57))).toBe(JSON.stringify(demo));
		const other = generateDemo(toy, 58);
		expect(other.actors.map((a) => a.siret)).not.toEqual(demo.actors.map((a) => a.siret));
		expect(other.accompaniments.map((a) => a.actor_source_id)).not.toEqual(demo.accompaniments.map((a) => a.actor_source_id));
	});

	it('keeps the structures when only another count changes (forked generators)', () => {
		const more = generateDemo({ ...toy, counts: { ...toy.counts, initiatives: 5, prospection: 10 } }, 57);
		expect(more.actors.filter((a) => a.kind === 'structure_ess')).toEqual(structures);
	});

	it('marks every record as demo with unique stable ids', () => {
		const records = [...demo.actors, ...demo.accompaniments, ...demo.contactLogs];
		expect(records.every((r) => r.source === 'demo')).toBe(true);
		for (const list of [demo.actors, demo.accompaniments, demo.contactLogs] as { source_id: string }[][]) {
			expect(new Set(list.map((r) => r.source_id)).size).toBe(list.length);
		}
	});
});

describe('demo generator: actors', () => {
	it('makes the requested counts, 40 partners and no collectivité', () => {
		expect(structures).toHaveLength(600);
		expect(demo.actors.filter((a) => a.kind === 'partenaire')).toHaveLength(40);
		expect(demo.actors.filter((a) => a.kind === 'initiative')).toHaveLength(20);
		expect(demo.actors.some((a) => (a.kind as string) === 'collectivite')).toBe(false);
		expect(demo.accompaniments).toHaveLength(120);
	});

	it('gives records the actor schema accepts, as an import would', () => {
		for (const a of demo.actors) {
			const parsed = actorSchema.safeParse(a);
			expect(parsed.success, `${a.source_id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
		}
	});

	it('gives valid, unique SIRETs; antennes share the SIREN of their head office', () => {
		const sirets = structures.map((a) => a.siret!);
		expect(sirets.every((s) => checkSiret(s).ok)).toBe(true);
		expect(structures.every((a) => isLuhnValid(a.siren!) && a.siret!.startsWith(a.siren!))).toBe(true);
		expect(new Set(sirets).size).toBe(sirets.length);
		const antennes = structures.filter((a) => a.tags.includes('établissement secondaire'));
		expect(antennes.length).toBeGreaterThan(0);
		for (const antenne of antennes) expect(structures.filter((a) => a.siren === antenne.siren).length).toBeGreaterThan(1);
	});

	it('places every actor inside its commune, never in the lake', () => {
		for (const a of demo.actors) {
			expect(a.lon, a.nom).not.toBeNull();
			expect(booleanPointInPolygon([a.lon!, a.lat!], communeByCode.get(a.commune_code)!.geometry), `${a.nom} ${a.lon},${a.lat}`).toBe(true);
		}
		const lake = { type: 'Polygon', coordinates: [square(1, 0, 0.015)] } as Polygon;
		expect(demo.actors.some((a) => booleanPointInPolygon([a.lon!, a.lat!], lake, { ignoreBoundary: true }))).toBe(false);
		// Both parts of the MultiPolygon commune are used.
		const lats = structures.filter((a) => a.commune_code === '57102').map((a) => a.lat!);
		expect(lats.some((lat) => lat > 49.2)).toBe(true);
		expect(lats.some((lat) => lat < 49.1)).toBe(true);
	});

	it('geocodes about 10 % of structures to the commune only', () => {
		expect(share(structures, (a) => a.precision === 'commune')).toBeGreaterThan(0.06);
		expect(share(structures, (a) => a.precision === 'commune')).toBeLessThan(0.14);
		expect(structures.every((a) => a.precision === 'adresse' || a.precision === 'commune')).toBe(true);
	});

	it('spreads structures by population, with some in the smallest village', () => {
		const inCommune = (code: string) => structures.filter((a) => a.commune_code === code).length;
		expect(inCommune('57100')).toBeGreaterThan(inCommune('57108')); // 120,000 vs 15,000 inhabitants
		expect(inCommune('57108')).toBeGreaterThan(inCommune('57103'));
		expect(inCommune('57103')).toBeGreaterThan(0); // rural floor: 40 inhabitants, still a club
	});

	it('uses mostly associations de droit local in Moselle', () => {
		expect(share(structures, (a) => a.categorie_juridique === '9260')).toBeGreaterThan(0.6);
		// Droit local associations are registered at the tribunal, not in the RNA.
		expect(structures.filter((a) => a.categorie_juridique === '9260').every((a) => a.rna === null)).toBe(true);
		expect(structures.some((a) => a.categorie_juridique === '5195')).toBe(true);
	});

	it('uses associations loi 1901 with RNA numbers elsewhere', () => {
		const loireAtlantique = generateDemo(
			{ ...toy, departement: { code: '44', nom: 'Loire-Atlantique', typeLiaison: 0 } },
			57
		).actors.filter((a) => a.kind === 'structure_ess');
		expect(loireAtlantique.some((a) => a.categorie_juridique === '9260' || a.categorie_juridique === '5195')).toBe(false);
		expect(share(loireAtlantique, (a) => a.categorie_juridique === '9220')).toBeGreaterThan(0.6);
		const associations = loireAtlantique.filter((a) => a.categorie_juridique!.startsWith('92'));
		expect(associations.every((a) => /^W44[0-9A-Z]{7}$/.test(a.rna ?? ''))).toBe(true);
	});

	it('gives SIAE insertion activities and consistent employer flags', () => {
		const siae = structures.filter((a) => a.categorie_juridique === '9221');
		expect(siae.length).toBeGreaterThan(0);
		expect(siae.every((a) => ['88.99B', '81.30Z', '38.32Z', '01.13Z', '78.30Z', '56.10A', '96.01B'].includes(a.naf!))).toBe(true);
		expect(structures.every((a) => a.employeur === isEmployerTranche(a.tranche_effectifs))).toBe(true);
		// Mostly small: NN, 00, 01, 02 are the majority; large bands exist but are rare.
		expect(share(structures, (a) => ['NN', '00', '01', '02'].includes(a.tranche_effectifs!))).toBeGreaterThan(0.6);
		expect(share(structures, (a) => ['21', '22', '31', '32'].includes(a.tranche_effectifs!))).toBeLessThan(0.05);
	});

	it('writes NAF codes of the ESS perimeter and French names with the right « de »', () => {
		expect(structures.every((a) => /^\d{2}\.\d{2}[A-Z]$/.test(a.naf!))).toBe(true);
		expect(structures.some((a) => /^(84|94\.1|94\.2|94\.9[12])/.test(a.naf!))).toBe(false);
		const names = structures.map((a) => a.nom);
		expect(names.some((n) => n.includes('d’Amnéville'))).toBe(true);
		expect(names.some((n) => n.includes('du Ban-Saint-Martin'))).toBe(true);
		expect(names.filter((n) => /(^| )de (Le|Les|Amnéville) /.test(n))).toEqual([]);
		expect(new Set(names).size).toBe(names.length);
	});

	it('has addresses with the commune’s postal code and past creation dates', () => {
		for (const a of structures) {
			expect(a.code_postal).toBe(communeByCode.get(a.commune_code)!.codes_postaux[0]);
			expect(a.adresse).toMatch(/^\d+ \S+ /);
			expect(a.date_creation! < '2026-11-28').toBe(true);
		}
	});

	it('names real institutions and fictitious people who cannot be reached', () => {
		const partners = demo.actors.filter((a) => a.kind === 'partenaire');
		for (const nom of [
			'DREETS Grand Est',
			'DDETS de la Moselle',
			'Banque des Territoires',
			'Région Grand Est',
			'Département de la Moselle',
			'CRESS Grand Est',
			'France Active Lorraine'
		]) {
			expect(partners.map((p) => p.nom)).toContain(nom);
		}
		expect(partners.filter((p) => p.tags.includes('prestataire')).length).toBeGreaterThanOrEqual(20);
		const contacts = demo.actors.flatMap((a) => a.contacts);
		expect(contacts.length).toBeGreaterThan(40);
		expect(contacts.every((c) => /^[a-z.]+@[a-z0-9-]+\.example\.org$/.test(c.email!) && /^03 53 48 \d{2} \d{2}$/.test(c.telephone!))).toBe(
			true
		);
	});
});

describe('demo generator: accompaniments', () => {
	it('puts the configured share in the focus zones', () => {
		// round(120 × 0.8) = 96 parcours on structures of zone metz.
		expect(demo.accompaniments.filter((a) => zoneOfActor(a.actor_source_id) === 'metz')).toHaveLength(96);
		const none = generateDemo({ ...toy, focusShare: 0 }, 57);
		expect(none.accompaniments.filter((a) => zoneOfActor(a.actor_source_id) === 'metz')).toHaveLength(0);
	});

	it('accompanies each structure once, after its creation, within the last seven years', () => {
		const ids = demo.accompaniments.map((a) => a.actor_source_id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const a of demo.accompaniments) {
			const actor = actorById.get(a.actor_source_id)!;
			expect(actor.kind).toBe('structure_ess');
			expect(a.date_accueil > actor.date_creation!).toBe(true);
			expect(a.date_accueil >= '2019-11-28').toBe(true);
		}
	});

	it('has stage dates in order that the accompaniment schema accepts', () => {
		const prestataires = new Set(demo.actors.filter((a) => a.tags.includes('prestataire')).map((a) => a.source_id));
		for (const a of demo.accompaniments) {
			const parsed = accompanimentSchema.safeParse({ ...a, prestataire: a.prestataire_source_id });
			expect(parsed.success, `${a.source_id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
			const dates = [a.date_accueil, a.date_diagnostic, a.date_plan, a.date_ingenierie, a.date_suivi, a.date_fin].filter(
				(d): d is string => d !== null
			);
			expect(dates.every((d) => d <= '2026-11-28')).toBe(true);
			// An ingénierie has its prestataire, budget and days; nothing else has.
			expect(a.prestataire_source_id !== null).toBe(a.date_ingenierie !== null);
			if (a.prestataire_source_id) expect(prestataires.has(a.prestataire_source_id)).toBe(true);
			if (a.ingenierie_type === 'individuelle') expect(a.budget_eur).toBeGreaterThanOrEqual(2000);
			if (a.budget_eur !== null) expect(a.budget_eur).toBeLessThanOrEqual(15000);
			expect(a.next_followup === null || (a.stage === 'suivi' && a.next_followup > '2026-11-28')).toBe(true);
			expect(a.themes.every((t) => accompanimentSchema.safeParse({ ...a, themes: [t] }).success)).toBe(true);
		}
	});

	it('reaches every stage, with most parcours in suivi and some ended early', () => {
		const stages = new Set(demo.accompaniments.map((a) => a.stage));
		for (const stage of ['accueil', 'suivi', 'oriente', 'abandon']) expect(stages).toContain(stage);
		expect(share(demo.accompaniments, (a) => a.stage === 'suivi')).toBeGreaterThan(0.4);
		expect(demo.accompaniments.some((a) => a.ingenierie_type === 'collective')).toBe(true);
		expect(demo.accompaniments.some((a) => a.next_followup !== null)).toBe(true);
	});
});

describe('demo generator: contact log', () => {
	it('logs every parcours and some prospecting, in date order, never before the structure existed', () => {
		const logged = new Set(demo.contactLogs.map((l) => l.actor_source_id));
		expect(demo.accompaniments.every((a) => logged.has(a.actor_source_id))).toBe(true);
		expect(demo.contactLogs.filter((l) => l.note === 'Premier contact : accueil et éligibilité')).toHaveLength(120);
		const accompanied = new Set(demo.accompaniments.map((a) => a.actor_source_id));
		expect([...logged].some((id) => !accompanied.has(id))).toBe(true);
		const dates = demo.contactLogs.map((l) => l.date);
		expect(dates).toEqual([...dates].sort());
		for (const l of demo.contactLogs) {
			expect(l.date <= '2026-11-28').toBe(true);
			expect(l.date >= actorById.get(l.actor_source_id)!.date_creation!).toBe(true);
		}
	});
});

// ---------------------------------------------------------------------------------- real Moselle
import { gapIndicators, type TerritoryFigures } from '../../src/lib/domain/gaps/indicators';
import { rankGaps } from '../../src/lib/domain/gaps/score';
import { moselleDemoInput } from '../fixtures/moselle-demo';

// How long the generation takes is a figure of `npm run bench` (bench/demo.ts), not a test.
describe('demo generator on the real Moselle', () => {
	const input: DemoInput = moselleDemoInput(TODAY);
	const communes = input.communes;
	const moselle: DemoData = generateDemo(input, 57);

	it('generates ≈2,500 structures', () => {
		expect(communes.length).toBeGreaterThan(700);
		expect(moselle.actors.filter((a) => a.kind === 'structure_ess')).toHaveLength(2500);
		expect(moselle.accompaniments).toHaveLength(450);
	});

	it('places every actor inside its real commune', () => {
		const byCode = new Map(communes.map((c) => [c.code, c]));
		const outside = moselle.actors.filter((a: DemoActor) => !booleanPointInPolygon([a.lon!, a.lat!], byCode.get(a.commune_code)!.geometry));
		expect(outside.map((a) => a.nom)).toEqual([]);
	});

	it('leaves real gaps in the Est and the Sud, which the gap score ranks first', () => {
		const zoneOfCommune = new Map(communes.map((c) => [c.code, c.zone_code]));
		const structuresOf = (zone: string | null) =>
			moselle.actors.filter((a) => a.kind === 'structure_ess' && (zone === null || zoneOfCommune.get(a.commune_code) === zone));
		const figures = (zone: string | null): TerritoryFigures => {
			const mine = new Set(structuresOf(zone).map((a) => a.source_id));
			return {
				structures: mine.size,
				structures_employeuses: structuresOf(zone).filter((a) => a.employeur).length,
				accompanied: new Set(moselle.accompaniments.filter((a) => mine.has(a.actor_source_id)).map((a) => a.actor_source_id)).size,
				population: communes.filter((c) => zone === null || c.zone_code === zone).reduce((s, c) => s + c.population, 0),
				emplois_concernes: 0,
				distance_km: 10
			};
		};
		const reference = figures(null);
		const ranked = rankGaps(['metz', 'nord', 'est', 'sud'].map((code) => ({ code, indicators: gapIndicators(figures(code), reference) })));
		const rate = (code: string) => ranked.find((r) => r.code === code)!.indicators.rate!;
		expect(
			ranked
				.slice(0, 2)
				.map((r) => r.code)
				.sort()
		).toEqual(['est', 'sud']);
		expect(Math.max(rate('est'), rate('sud'))).toBeLessThan(Math.min(rate('metz'), rate('nord')) / 2);
	});
});
