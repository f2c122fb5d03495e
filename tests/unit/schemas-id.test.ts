// Ids at the edge: PostgreSQL integers only (a larger number used to reach SQL and fail as a 500).
import { describe, expect, it } from 'vitest';
import { idSchema, MAX_ID, parsePathId } from '../../src/lib/schemas/id';

describe('ids', () => {
	it('takes 1 to 2³¹−1 from JSON or a form, and names the field otherwise', () => {
		const schema = idSchema('identifiant d’acteur');
		expect(schema.parse(12)).toBe(12);
		expect(schema.parse('12')).toBe(12);
		expect(schema.parse(MAX_ID)).toBe(MAX_ID);
		for (const bad of [MAX_ID + 1, 0, -3, 1.5, 1e20]) {
			expect(schema.safeParse(bad).error?.issues[0].message).toBe('identifiant d’acteur : entier de 1 à 2147483647 attendu');
		}
		for (const bad of ['abc', null, [], '1e3'])
			expect(schema.safeParse(bad).error?.issues[0].message).toMatch(/^identifiant d’acteur : nombre attendu/);
	});

	it('reads a path segment of digits only', () => {
		expect(parsePathId('42')).toBe(42);
		expect(parsePathId(String(MAX_ID))).toBe(MAX_ID);
		for (const bad of [String(MAX_ID + 1), '99999999999999999999', '0', '01', '-1', '1e3', ' 4', '4.0', 'abc', '', undefined])
			expect(parsePathId(bad)).toBeNull();
	});
});
