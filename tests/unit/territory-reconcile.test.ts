import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { reconcileCommunes, type CogCommune } from '../../src/lib/domain/territory/reconcile';

const square = (x: number): Polygon => ({
	type: 'Polygon',
	coordinates: [
		[
			[x, 0],
			[x + 1, 0],
			[x + 1, 1],
			[x, 1],
			[x, 0]
		]
	]
});

const cog: CogCommune[] = [
	{ code: '57001', nom: 'Aboncourt', type: 'commune-actuelle' },
	{ code: '57578', nom: 'Rezonville-Vionville', type: 'commune-actuelle', anciensCodes: ['57722'] },
	{ code: '57578', nom: 'Rezonville', type: 'commune-deleguee', chefLieu: '57578' },
	{ code: '57722', nom: 'Vionville', type: 'commune-deleguee', chefLieu: '57578' },
	{ code: '57086', nom: 'Bisping', type: 'commune-actuelle' },
	{ code: '57023', nom: 'Angviller-lès-Bisping', type: 'commune-associee', chefLieu: '57086' },
	{ code: '57999', nom: 'Sans-Limite', type: 'commune-actuelle' }
];

describe('reconciling boundary polygons with the current COG', () => {
	const result = reconcileCommunes(
		[
			{ code: '57001', nom: 'Aboncourt', geometry: square(0) },
			{ code: '57578', nom: 'Rezonville', geometry: square(1) },
			{ code: '57722', nom: 'Vionville', geometry: square(2) },
			{ code: '57023', nom: 'Angviller-lès-Bisping', geometry: square(3) },
			{ code: '57086', nom: 'Bisping', geometry: square(4) },
			{ code: '57585', nom: 'Ritzing', geometry: square(5) }
		],
		cog
	);

	it('keeps current communes as they are', () => {
		expect(result.pieces.get('57001')).toEqual([square(0)]);
	});

	it('moves the polygon of a merged commune to its commune nouvelle (anciensCodes)', () => {
		expect(result.pieces.get('57578')).toEqual([square(1), square(2)]);
		expect(result.remapped).toContainEqual({ from: '57722', to: '57578', nom: 'Vionville' });
	});

	it('moves an associated commune to its chef-lieu', () => {
		expect(result.pieces.get('57086')).toEqual([square(3), square(4)]);
		expect(result.remapped).toContainEqual({ from: '57023', to: '57086', nom: 'Angviller-lès-Bisping' });
	});

	it('reports, never drops, a polygon with no known successor', () => {
		expect(result.unplaced).toEqual([{ code: '57585', nom: 'Ritzing', reason: 'code absent du COG actuel et aucun successeur connu' }]);
	});

	it('lists current communes left without a polygon', () => {
		expect(result.missing).toEqual([{ code: '57999', nom: 'Sans-Limite' }]);
	});

	it('accounts for every polygon exactly once', () => {
		const placed = [...result.pieces.values()].reduce((n, list) => n + list.length, 0);
		expect(placed + result.unplaced.length).toBe(6);
	});
});
