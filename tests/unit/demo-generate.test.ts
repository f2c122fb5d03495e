import fs from 'node:fs';
import { createRequire } from 'node:module';
import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { generateDemo, type DemoInput } from '../../src/lib/domain/demo/generate';
import { checkSiret } from '../../src/lib/domain/siret';
import { MIRROR } from '../helpers/config';

const require = createRequire(import.meta.url);
const cog = require('@etalab/decoupage-administratif/data/communes.json') as { code: string; type: string; population?: number; codesPostaux?: string[] }[];
const population = new Map(cog.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c]));
const geo = JSON.parse(fs.readFileSync(`${MIRROR}/departements/57-moselle/communes-57-moselle.geojson`, 'utf8'));

// A simplified Moselle: real polygons and populations, zones by the first digit of the code.
const communes = geo.features
	.filter((f: { properties: { code: string } }) => population.has(f.properties.code))
	.map((f: { properties: { code: string; nom: string }; geometry: never }, i: number) => ({
		code: f.properties.code,
		nom: f.properties.nom,
		population: population.get(f.properties.code)!.population ?? 0,
		codes_postaux: population.get(f.properties.code)!.codesPostaux ?? [],
		epci_code: null,
		zone_code: i % 2 ? 'metz' : 'est',
		geometry: f.geometry
	}));
const input: DemoInput = {
	departement: { code: '57', nom: 'Moselle' },
	communes,
	epcis: [],
	zones: [{ code: 'metz', nom: 'Metz' }, { code: 'est', nom: 'Est' }],
	focusZones: ['metz'],
	today: new Date('2026-11-28')
};

describe('demo territory generator', () => {
	const t0 = performance.now();
	const demo = generateDemo(input, 57);
	const elapsed = performance.now() - t0;

	it('is deterministic for a seed and differs for another', () => {
		expect(JSON.stringify(generateDemo(input, 57))).toBe(JSON.stringify(demo));
		expect(generateDemo(input, 58).actors[0].nom + generateDemo(input, 58).actors[1].siret).not.toBe(demo.actors[0].nom + demo.actors[1].siret);
		console.log(`[bench] demo generation for Moselle: ${elapsed.toFixed(0)} ms`);
	});

	it('makes ≈2,500 structures, 40 partners and 60 initiatives', () => {
		const count = (kind: string) => demo.actors.filter((a) => a.kind === kind).length;
		expect(count('structure_ess')).toBe(2500);
		expect(count('partenaire')).toBe(40);
		expect(count('initiative')).toBe(60);
		expect(demo.accompaniments).toHaveLength(450);
	});

	it('gives valid, unique SIRETs', () => {
		const sirets = demo.actors.map((a) => a.siret).filter((s): s is string => !!s);
		expect(sirets.every((s) => checkSiret(s).ok)).toBe(true);
		expect(new Set(sirets).size).toBe(sirets.length);
	});

	it('places every located actor inside its commune', () => {
		const byCode = new Map(communes.map((c: { code: string }) => [c.code, c]));
		const located = demo.actors.filter((a) => a.lon !== null);
		expect(located.length).toBeGreaterThan(2200);
		for (const a of located) expect(booleanPointInPolygon([a.lon!, a.lat!], (byCode.get(a.commune_code) as { geometry: never }).geometry)).toBe(true);
	});

	it('uses mostly associations de droit local in Moselle', () => {
		const structures = demo.actors.filter((a) => a.kind === 'structure_ess');
		const share = structures.filter((a) => a.categorie_juridique === '9260').length / structures.length;
		expect(share).toBeGreaterThan(0.6);
	});

	it('concentrates accompaniments in the focus zones, with stage dates in order', () => {
		const zoneOf = new Map(communes.map((c: { code: string; zone_code: string }) => [c.code, c.zone_code]));
		const actorZone = new Map(demo.actors.map((a) => [a.source_id, zoneOf.get(a.commune_code)]));
		const inFocus = demo.accompaniments.filter((ac) => actorZone.get(ac.actor_source_id) === 'metz').length;
		expect(inFocus / demo.accompaniments.length).toBeGreaterThan(0.8);
		for (const ac of demo.accompaniments) {
			const dates = [ac.date_accueil, ac.date_diagnostic, ac.date_plan, ac.date_ingenierie, ac.date_suivi].filter(Boolean) as string[];
			expect([...dates].sort()).toEqual(dates);
			expect(dates.at(-1)! <= '2026-11-28').toBe(true);
			if (ac.stage === 'ingenierie' || ac.stage === 'suivi') expect(ac.prestataire_source_id).toMatch(/^demo-p-1/);
		}
	});

	it('never gives real-looking contact data: example.org and the fiction phone range', () => {
		const contacts = demo.actors.flatMap((a) => a.contacts);
		expect(contacts.length).toBeGreaterThan(0);
		expect(contacts.every((c) => c.email!.endsWith('.example.org') && c.telephone!.startsWith('03 53 48'))).toBe(true);
	});
});
