import { describe, expect, it } from 'vitest';
import { foldForSearch, matchingSectors, sectorMatches } from '../../src/lib/domain/sector-search';
import { DEFAULT_SECTOR_TABLE } from '../../src/lib/domain/sectors';

const find = (query: string) => matchingSectors(DEFAULT_SECTOR_TABLE.sectors, query);

describe('finding a sector by the words people use', () => {
	it('folds accents, case and punctuation', () => {
		expect(foldForSearch('Hébergement & Restauration')).toBe('hebergement restauration');
		expect(foldForSearch('  Protection de l’Enfance ')).toBe('protection de l enfance');
	});

	it('finds « Arts, spectacles & patrimoine » by « Culture », whatever the case or accents', () => {
		expect(find('Culture')).toEqual(['culture']);
		expect(find('THÉÂTRE')).toEqual(['culture']);
		expect(find('theatre')).toEqual(['culture']);
	});

	it('finds the sectors of the usual words of a DLA', () => {
		expect(find('sport')).toEqual(['sport_loisirs']);
		expect(find('sportif')).toEqual(['sport_loisirs']);
		expect(find('insertion')).toEqual(['soutien_entreprises', 'social_sans_hebergement']);
		expect(find('handicap')).toEqual(['social_hebergement', 'social_sans_hebergement']);
		expect(find('personnes handicapées')).toEqual(['social_hebergement', 'social_sans_hebergement']);
		expect(find('enfance')).toEqual(['social_hebergement', 'social_sans_hebergement']);
		expect(find('environnement')).toEqual(['industrie', 'associatif_autres']);
		expect(find('aide à domicile')).toEqual(['social_sans_hebergement']);
		expect(find('mairie')).toEqual(['hors_ess']);
	});

	it('matches the beginning of a word of the label too, and every sector for an empty query', () => {
		expect(find('héberg')).toEqual(['hebergement_restauration', 'social_hebergement', 'social_sans_hebergement']);
		expect(find('')).toHaveLength(DEFAULT_SECTOR_TABLE.sectors.length);
		expect(find('astrophysique')).toEqual([]);
	});

	it('does not match a word in the middle of another', () => {
		expect(sectorMatches({ code: 'x', label: 'Transports' }, 'sport')).toBe(false);
	});
});
