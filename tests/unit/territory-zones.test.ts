import { describe, expect, it } from 'vitest';
import { majorityZone, zonesFromArrondissements, zonesFromMapping, type ZoneMapping } from '../../src/lib/domain/territory/zones';

const epcis = [
	{ code: '200000001', nom: 'CC Une' },
	{ code: '200000002', nom: 'CC Deux' },
	{ code: '200000003', nom: 'CC Trois' }
];
const communes = [
	{ code: '57001', epci: '200000001', arrondissement: '579' },
	{ code: '57002', epci: '200000002', arrondissement: '579' },
	{ code: '57003', epci: '200000003', arrondissement: '575' },
	{ code: '57004', epci: null, arrondissement: '575' }
];
const mapping: ZoneMapping = {
	departement: '57',
	zones: [
		{ code: 'metz', nom: 'Metz', epci: [{ code: '200000001' }, { code: '200000002' }] },
		{ code: 'sud', nom: 'Sud', epci: [{ code: '200000003' }] }
	]
};

describe('strategic zones', () => {
	it('assigns each commune the zone of its EPCI and reports those without one', () => {
		const result = zonesFromMapping(mapping, epcis, communes);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(Object.fromEntries(result.plan.zoneOfCommune)).toEqual({ '57001': 'metz', '57002': 'metz', '57003': 'sud' });
		expect(result.plan.unassigned).toEqual(['57004']);
	});

	it('names every EPCI that is missing, unknown or in two zones', () => {
		const broken: ZoneMapping = {
			departement: '57',
			zones: [
				{ code: 'metz', nom: 'Metz', epci: [{ code: '200000001' }, { code: '999999999', nom: 'CC Fantôme' }] },
				{ code: 'sud', nom: 'Sud', epci: [{ code: '200000001' }] }
			]
		};
		const result = zonesFromMapping(broken, epcis, communes);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual([
			'zone « metz » : EPCI 999999999 (CC Fantôme) inconnu dans ce département',
			'EPCI 200000001 (CC Une) dans deux zones : metz et sud',
			'EPCI 200000002 (CC Deux) n’est dans aucune zone',
			'EPCI 200000003 (CC Trois) n’est dans aucune zone'
		]);
	});

	it('defaults to one zone per arrondissement', () => {
		const plan = zonesFromArrondissements(
			[
				{ code: '575', nom: 'Sarrebourg-Château-Salins' },
				{ code: '579', nom: 'Metz' }
			],
			communes
		);
		expect(plan.zones).toEqual([
			{ code: 'arr-575', nom: 'Sarrebourg-Château-Salins', epciCodes: ['200000003'] },
			{ code: 'arr-579', nom: 'Metz', epciCodes: ['200000001', '200000002'] }
		]);
		expect(plan.zoneOfCommune.get('57004')).toBe('arr-575');
	});

	it('puts an EPCI in the zone of most of its communes', () => {
		const zoneOf = new Map([
			['a', 'nord'],
			['b', 'metz'],
			['c', 'metz']
		]);
		expect(majorityZone(['a', 'b', 'c'], zoneOf)).toBe('metz');
		expect(majorityZone(['x'], zoneOf)).toBeNull();
	});
});
