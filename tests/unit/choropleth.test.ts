import { describe, expect, it } from 'vitest';
import { classBreaks, indicatorValue } from '../../src/lib/domain/choropleth';

describe('choropleth indicators', () => {
	const f = { population: 20_000, structures: 30, accompanied: 3, accompaniments: 4 };
	it('computes structures per 10,000 inhabitants, share accompanied and accompaniments', () => {
		expect(indicatorValue('structures_10k', f)).toBe(15); // 30 / 20,000 × 10,000
		expect(indicatorValue('part_accompagnee', f)).toBe(10); // 3 / 30 × 100
		expect(indicatorValue('accompagnements', f)).toBe(4);
	});
	it('gives no value where the ratio has no meaning', () => {
		expect(indicatorValue('structures_10k', { ...f, population: 0 })).toBeNull();
		expect(indicatorValue('part_accompagnee', { ...f, structures: 0 })).toBeNull();
	});
});

describe('class breaks', () => {
	it('finds the natural breaks of clearly separated groups (Jenks)', () => {
		expect(classBreaks([1, 2, 3, 10, 11, 12, 50, 51], 'jenks', 3)).toEqual([3, 12, 51]);
	});
	it('cuts quantiles, without repeating bounds', () => {
		expect(classBreaks([1, 2, 3, 4], 'quantiles', 2)).toEqual([2.5, 4]); // median between 2 and 3
		expect(classBreaks([5, 5, 5, 5, 9], 'quantiles', 5)).toEqual([5, 9]);
	});
	it('ignores missing values and copes with none', () => {
		expect(classBreaks([null, 3, null, 1], 'jenks', 5)).toEqual([1, 3]);
		expect(classBreaks([null], 'quantiles')).toEqual([]);
	});
});
