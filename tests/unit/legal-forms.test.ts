import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_LEGAL_FORMS,
	isEssLegalFamily,
	isInEssPerimeter,
	legalFamilyOf,
	legalFormIndex,
	legalFormLabel,
	legalFormTableSchema,
	LEGAL_FAMILY_LABELS
} from '../../src/lib/domain/legal-forms';

const table = legalFormTableSchema.parse(JSON.parse(fs.readFileSync('data/legal-forms.json', 'utf8')));

describe('data/legal-forms.json', () => {
	it('lists every code of domain.md §2 in its family', () => {
		const expected: Record<string, string[]> = {
			association: ['9210', '9220', '9221', '9222', '9223', '9230', '9240', '9260'],
			fondation: ['9300'],
			mutuelle: ['8210', '8250', '8290', '6411'],
			cooperative: [
				'5458',
				'5558',
				'5658',
				'5459',
				'5559',
				'5659',
				'5460',
				'5560',
				'5660',
				'5543',
				'5643',
				'5547',
				'5647',
				'5551',
				'5555',
				'5651',
				'5655',
				'5191',
				'5196',
				'5195',
				'5203',
				'5307',
				'5309',
				'6316',
				'6317',
				'6318',
				'6543',
				'6551',
				'6554',
				'6558',
				'6560',
				'6595',
				'6596'
			],
			collectivite: ['7210', '7220', '7230', '7344', '7346', '7348', '7357', '7361', '7367']
		};
		for (const [family, codes] of Object.entries(expected)) {
			for (const code of codes) expect([code, legalFamilyOf(code)]).toEqual([code, family]);
		}
	});

	it('refuses a table that lists a code twice or names an unknown family', () => {
		const doubled = structuredClone(table);
		doubled.forms.push({ code: '9260', label: 'doublon', family: 'association' });
		expect(() => legalFormIndex(doubled)).toThrow(/9260 listée deux fois/);
		const wrong = structuredClone(table) as unknown as { forms: { family: string }[] };
		wrong.forms[0].family = 'syndicat';
		const parsed = legalFormTableSchema.safeParse(wrong);
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0].message).toMatch(/famille inconnue/);
	});
});

describe('legal families and the ESS', () => {
	it('gives droit local its place: 9260 association, 5195 coopérative, both ESS', () => {
		expect(legalFamilyOf('9260')).toBe('association');
		expect(legalFamilyOf('5195')).toBe('cooperative');
		expect(isEssLegalFamily('9260')).toBe(true);
		expect(isEssLegalFamily('5195')).toBe(true);
		expect(legalFormLabel('5195')).toMatch(/Association coopérative inscrite/);
	});

	it('treats unlisted and malformed codes apart', () => {
		expect(legalFamilyOf('5499')).toBe('autre');
		expect(legalFamilyOf('1234')).toBe('autre');
		expect(legalFamilyOf('92A0')).toBeNull();
		expect(legalFamilyOf('')).toBeNull();
		expect(legalFormLabel('1234')).toBeNull();
		expect(isEssLegalFamily('7210')).toBe(false);
		expect(isEssLegalFamily(null)).toBe(false);
		expect(LEGAL_FAMILY_LABELS.collectivite).toBe('Collectivité');
	});

	it('applies the statistical perimeter: ESS families minus NAF 84 and 94.11/12/20/91/92', () => {
		expect(isInEssPerimeter('9220', '88.99B')).toBe(true);
		expect(isInEssPerimeter('9220', null)).toBe(true);
		expect(isInEssPerimeter('9220', '94.92Z')).toBe(false);
		expect(isInEssPerimeter('9240', '94.91Z')).toBe(false);
		expect(isInEssPerimeter('9220', '84.11Z')).toBe(false);
		expect(isInEssPerimeter('9220', '94.99Z')).toBe(true);
		expect(isInEssPerimeter('5710', '88.99B')).toBe(false);
	});

	it('uses an edited table when one is passed', () => {
		const edited = structuredClone(table);
		edited.forms.find((f) => f.code === '5710')!.family = 'cooperative';
		const index = legalFormIndex(edited);
		expect(legalFamilyOf('5710', index)).toBe('cooperative');
		expect(legalFamilyOf('5710', DEFAULT_LEGAL_FORMS)).toBe('autre');
	});
});
