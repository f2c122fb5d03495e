import { describe, expect, it } from 'vitest';
import { formatLongDate, formatMediumDate, formatShortDate } from '../../src/lib/domain/format';

describe('calendar dates on the trip pages', () => {
	it('writes the day in full, medium and short French forms', () => {
		expect(formatLongDate('2026-12-01')).toBe('mardi 1 décembre 2026');
		expect(formatMediumDate('2026-12-01')).toBe('mar. 1 déc. 2026');
		expect(formatShortDate('2026-12-01')).toBe('01/12/2026');
	});

	it('keeps the calendar day whatever the time zone (1 January stays 1 January)', () => {
		expect(formatShortDate('2027-01-01')).toBe('01/01/2027');
	});

	it('says « jamais » for a missing date unless told otherwise', () => {
		expect(formatShortDate(null)).toBe('jamais');
		expect(formatShortDate(null, '—')).toBe('—');
	});
});
