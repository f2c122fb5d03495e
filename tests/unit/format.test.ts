import { describe, expect, it } from 'vitest';
import { formatDate, formatDecimal, formatEuros, formatInteger, formatKm, formatPercent } from '../../src/lib/domain/format';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('French number formatting', () => {
	it('separates thousands with a narrow no-break space', () => {
		expect(formatInteger(1_234_567)).toBe(`1${NNBSP}234${NNBSP}567`);
		expect(formatInteger(999)).toBe('999');
		expect(formatInteger(84.6)).toBe('85');
	});

	it('writes decimals with a comma and drops trailing zeros', () => {
		expect(formatDecimal((3 / 84) * 100)).toBe('3,6'); // 3.5714…
		expect(formatDecimal(14)).toBe('14');
		expect(formatDecimal(0.125, 2)).toBe('0,13');
		expect(formatDecimal(12_345.67)).toBe(`12${NNBSP}345,7`);
	});

	it('writes percentages with a no-break space before %', () => {
		expect(formatPercent(3 / 84)).toBe(`3,6${NBSP}%`);
		expect(formatPercent(0.14)).toBe(`14${NBSP}%`);
		expect(formatPercent(0)).toBe(`0${NBSP}%`);
	});

	it('writes euros and kilometres', () => {
		expect(formatEuros(12_500)).toBe(`12${NNBSP}500${NBSP}€`);
		expect(formatKm(2.44)).toBe(`2,4${NBSP}km`);
		expect(formatKm(18.4)).toBe(`18${NBSP}km`);
	});

	it('shows a missing figure as a dash, not as zero', () => {
		expect(formatInteger(null)).toBe('—');
		expect(formatPercent(undefined)).toBe('—');
		expect(formatKm(Number.NaN)).toBe('—');
	});
});

describe('French dates', () => {
	it('writes « 28 nov. 2026 »', () => {
		expect(formatDate('2026-11-28')).toBe('28 nov. 2026');
		expect(formatDate('2026-05-01')).toBe('1 mai 2026');
		expect(formatDate(null)).toBe('—');
	});

	it('reads an instant in Paris time and a calendar date as written', () => {
		// 23:30 UTC on the 28th is 00:30 on the 29th in Paris (UTC+1 in November).
		expect(formatDate(new Date('2026-11-28T23:30:00Z'))).toBe('29 nov. 2026');
		expect(formatDate('2026-11-29')).toBe('29 nov. 2026');
	});

	it('refuses a string that is not an ISO date', () => {
		expect(() => formatDate('28/11/2026')).toThrow(RangeError);
		expect(() => formatDate('2026-13-45')).toThrow(RangeError);
	});
});
