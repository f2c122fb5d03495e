// The pure assembly of the gap analysis (domain/gaps/counts.ts, result.ts), on hand-made counts:
// communes summed into their territory, per sector and overall, and the rows built from them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAP_CONFIG } from '../../src/lib/domain/gaps/config';
import { combineCounts, type CommunePart } from '../../src/lib/domain/gaps/counts';
import { codeList, gapResult, type GapData } from '../../src/lib/domain/gaps/result';

const part = (commune: string, sector: string, structures: number, accompanied: number, emplois = 0): CommunePart => ({
	commune,
	sector,
	structures,
	structures_employeuses: Math.floor(structures / 2),
	accompanied,
	emplois
});
// Communes A and B in EPCI E1, C in E2; structures and accompanied ones come in separate parts.
const PARTS: CommunePart[] = [
	part('A', 'culture', 4, 0),
	part('A', 'culture', 0, 1, 3),
	part('A', '', 2, 0),
	part('B', 'culture', 6, 0),
	part('C', 'sport', 10, 0),
	part('C', 'sport', 0, 5, 7)
];
const PARENTS = new Map<string, string | null>([
	['A', 'E1'],
	['B', 'E1'],
	['C', 'E2']
]);

describe('combineCounts', () => {
	it('sums the communes into their territory, per sector and overall', () => {
		const counts = combineCounts('epci', PARTS, PARENTS);
		expect(counts.cells.get('E1|culture')).toMatchObject({
			code: 'E1',
			sector: 'culture',
			structures: 10,
			structures_employeuses: 5,
			accompanied: 1,
			emplois: 3
		});
		expect(counts.cells.get('E1|')).toMatchObject({ structures: 2, accompanied: 0 });
		expect(counts.territories.get('E1')).toMatchObject({ code: 'E1', sector: null, structures: 12, accompanied: 1 });
		expect(counts.territories.get('E2')).toMatchObject({ structures: 10, accompanied: 5, emplois: 7 });
		expect(counts.sectors.get('culture')).toMatchObject({ code: null, sector: 'culture', structures: 10, accompanied: 1 });
		expect(counts.overall).toMatchObject({ structures: 22, structures_employeuses: 11, accompanied: 6, emplois: 10 });
	});

	it('keeps the communes themselves at the commune level, and no territory for the département', () => {
		expect([...combineCounts('commune', PARTS, null).territories.keys()].sort()).toEqual(['A', 'B', 'C']);
		const dep = combineCounts(null, PARTS, null);
		expect(dep.territories.size).toBe(0);
		expect(dep.overall?.structures).toBe(22);
	});
});

describe('gapResult', () => {
	const data: GapData = {
		departement: { code: '57', nom: 'Moselle', typeLiaison: 3, population: 100_000 },
		territories: [
			{ code: 'E1', nom: 'Est', population: 40_000, distance_km: 12 },
			{ code: 'E2', nom: 'Ouest', population: 60_000, distance_km: 0 }
		],
		counts: combineCounts('epci', PARTS, PARENTS),
		isolated: new Map([['E1', 3]])
	};

	it('ranks the territories against the département’s rate, the least reached first', () => {
		const result = gapResult(data, { level: 'epci', by: 'territory', from: 2023, to: 2025 }, DEFAULT_GAP_CONFIG);
		expect(result.departement).toEqual({ code: '57', nom: 'Moselle', typeLiaison: 3 });
		expect(result.rows.map((r) => [r.code, r.rank, r.structures, r.accompanied, r.isolated])).toEqual([
			['E1', 1, 12, 1, 3],
			['E2', 2, 10, 5, 0]
		]);
		const e1 = result.rows[0];
		expect(e1.benchmark_rate).toBeCloseTo(6 / 22, 12);
		expect(e1.expected).toBeCloseTo((12 * 6) / 22, 12);
		expect(e1.reference.structures).toBe(22);
		expect(e1.white_zone).toBe(false);
	});

	it('gives one row per territory × sector, labelled, and the sector’s département figures as reference', () => {
		const result = gapResult({ ...data, isolated: null }, { level: 'epci', by: 'sector', from: 2023, to: 2025 }, DEFAULT_GAP_CONFIG);
		const cells = result.rows.map((r) => `${r.code}|${r.sector}`).sort();
		expect(cells).toEqual(['E1|', 'E1|culture', 'E2|sport']);
		const unknown = result.rows.find((r) => r.sector === '')!;
		expect(unknown.sector_label).toBe('Secteur non renseigné');
		expect(unknown.white_zone).toBe(true);
		expect(unknown.isolated).toBeNull();
		expect(result.rows.find((r) => r.sector === 'culture')!.reference).toMatchObject({ structures: 10, accompanied: 1 });
	});

	it('sums the sectors asked and keeps only the zones asked in its query', () => {
		const result = gapResult(
			data,
			{ level: 'epci', by: 'territory', sector: 'culture,', zone: ['Z1'], from: 2023, to: 2025 },
			DEFAULT_GAP_CONFIG
		);
		expect(result.query).toMatchObject({ sector: ['culture'], zone: ['Z1'] });
		// One sector asked: the rows are per sector, the territories without it left out.
		expect(result.rows.map((r) => [r.code, r.sector, r.structures])).toEqual([['E1', 'culture', 10]]);
		expect(codeList(undefined)).toEqual([]);
	});
});
