import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEssLegalFamily, legalFamilyOf, legalFormLabel } from '../../src/lib/domain/legal-forms';
import { divisionIndex, isSectorCode, normalizeNaf, sectorLabel, sectorOfNaf, sectorTableSchema } from '../../src/lib/domain/sectors';

const table = sectorTableSchema.parse(JSON.parse(fs.readFileSync('data/sectors.json', 'utf8')));
const index = divisionIndex(table);

describe('ESS sectors from NAF', () => {
	it('maps NAF codes in any usual spelling to their sector', () => {
		expect(sectorOfNaf('88.99B', index)).toBe('social_sans_hebergement');
		expect(sectorOfNaf('8899B', index)).toBe('social_sans_hebergement');
		expect(sectorOfNaf('94.99z', index)).toBe('associatif_autres');
		expect(sectorOfNaf('90.01Z', index)).toBe('culture');
		expect(sectorOfNaf('43.99C', index)).toBe('industrie');
		expect(sectorOfNaf('84.11Z', index)).toBe('hors_ess');
		expect(sectorOfNaf('99.99X', index)).toBeNull();
		expect(sectorOfNaf('abc', index)).toBeNull();
		expect(normalizeNaf(' 93 12 z')).toBe('93.12Z');
	});

	it('covers every division from 01 to 96 that domain.md groups, each once', () => {
		expect(index.size).toBe(3 + 39 + 3 + 5 + 2 + 6 + 3 + 1 + 14 + 1 + 1 + 1 + 1 + 2 + 1 + 3 + 1);
		const doubled = structuredClone(table);
		doubled.sectors[1].divisions.push('88');
		expect(() => divisionIndex(doubled)).toThrow(/88 dans deux secteurs/);
	});
});

describe('ESS sectors with the bundled table', () => {
	it('needs no index for the default grouping, and knows the labels', () => {
		expect(sectorOfNaf('88.99B')).toBe('social_sans_hebergement');
		expect(sectorOfNaf('8899B')).toBe('social_sans_hebergement');
		expect(sectorOfNaf('87.10A')).toBe('social_hebergement');
		expect(sectorOfNaf('04.00Z')).toBeNull();
		expect(sectorOfNaf(null)).toBeNull();
		expect(sectorLabel('social_sans_hebergement')).toBe('Action sociale sans hébergement');
		expect(sectorLabel('inconnu')).toBeNull();
		expect(isSectorCode('culture')).toBe(true);
		expect(isSectorCode('jardinage')).toBe(false);
	});

	it('follows an edited table passed as index', () => {
		const edited = structuredClone(table);
		edited.sectors.find((s) => s.code === 'sport_loisirs')!.divisions.push('92');
		expect(sectorOfNaf('92.00Z', divisionIndex(edited))).toBe('sport_loisirs');
		expect(sectorOfNaf('92.00Z')).toBeNull();
	});
});

describe('legal forms', () => {
	it('recognises the legal families, droit local included', () => {
		expect(legalFamilyOf('9260')).toBe('association');
		expect(legalFamilyOf('5195')).toBe('cooperative');
		expect(legalFamilyOf('5458')).toBe('cooperative');
		expect(legalFamilyOf('9300')).toBe('fondation');
		expect(legalFamilyOf('8210')).toBe('mutuelle');
		expect(legalFamilyOf('7346')).toBe('collectivite');
		expect(legalFamilyOf('5710')).toBe('autre');
		expect(legalFamilyOf('92')).toBeNull();
	});
	it('knows the ESS perimeter and the labels', () => {
		expect(isEssLegalFamily('9260')).toBe(true);
		expect(isEssLegalFamily('5710')).toBe(false);
		expect(isEssLegalFamily('7210')).toBe(false);
		expect(legalFormLabel('9260')).toMatch(/droit local/);
	});
});
