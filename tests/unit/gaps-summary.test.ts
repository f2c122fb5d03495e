import { describe, expect, it } from 'vitest';
import { gapIndicators, type TerritoryFigures } from '../../src/lib/domain/gaps/indicators';
import { dansDepartement, dansTerritoire, depuis, territorySummary, type SummaryInput } from '../../src/lib/domain/gaps/summary';
import { deLieu, joinFrench } from '../../src/lib/domain/format';

// U+202F between thousands, U+00A0 before % and km (CLDR fr-FR).
const NNBSP = '\u202f';
const NBSP = '\u00a0';

// Reference: 2,500 structures, 350 accompanied (14 %), 1,050,000 inhabitants (23.8 per 10,000).
const MOSELLE: TerritoryFigures = {
	structures: 2500,
	structures_employeuses: 1100,
	accompanied: 350,
	population: 1_050_000,
	emplois_concernes: 2400,
	distance_km: 0
};

function summary(figures: Partial<TerritoryFigures>, place: SummaryInput['territory'], extra: Partial<SummaryInput> = {}): string {
	const full: TerritoryFigures = {
		structures: 0,
		structures_employeuses: 0,
		accompanied: 0,
		population: null,
		emplois_concernes: 0,
		distance_km: null,
		...figures
	};
	return territorySummary({
		territory: place,
		departement: { nom: 'Moselle', typeLiaison: 3 },
		since: '2023-01-01',
		indicators: gapIndicators(full, MOSELLE),
		...extra
	});
}

/** Every number written in a text, as written. */
function numbersIn(text: string): string[] {
	return text.match(/\d[\d\u202f]*(,\d+)?/g) ?? [];
}

describe('territory summary', () => {
	it('writes the Saulnois case from its figures only', () => {
		const text = summary(
			{ structures: 84, structures_employeuses: 28, accompanied: 3, population: 28_900, emplois_concernes: 12, distance_km: 14 },
			{ level: 'epci', nom: 'CC du Saulnois' },
			{
				sectors: [
					{ code: 'sport_loisirs', label: 'Sports & loisirs', structures: 20, accompanied: 0 },
					{ code: 'culture', label: 'Arts, spectacles & patrimoine', structures: 12, accompanied: 0 },
					{ code: 'social_sans_hebergement', label: 'Action sociale sans hébergement', structures: 15, accompanied: 3 },
					// Below the 5-structure threshold: not named.
					{ code: 'enseignement', label: 'Enseignement & formation', structures: 4, accompanied: 0 }
				]
			}
		);
		// 3/84 = 3.57 % → 3,6 %; 84 × 0.14 = 11.76 → ≈ 12 expected; 11.76 − 3 = 8.76 → ≈ 9 missing;
		// 84 × 10 000 / 28 900 = 29.07 → 29,1; 2 500 × 10 000 / 1 050 000 = 23.81 → 23,8.
		expect(text).toBe(
			`Dans la CC du Saulnois, 84 structures de l’ESS, dont 3 accompagnées depuis 2023 (3,6${NBSP}% contre 14${NBSP}% en Moselle). ` +
				'Parmi elles, 28 sont employeuses. ' +
				`Au taux du département, environ 12 seraient accompagnées${NBSP}: il en manque environ 9. ` +
				'Ces accompagnements concernent 12 emplois. ' +
				`Cela fait 29,1 structures pour 10${NNBSP}000 habitants, contre 23,8 en Moselle. ` +
				'Aucune structure accompagnée depuis 2023 dans le sport et les loisirs (20 structures) et la culture (12 structures).'
		);
		// Nothing but the inputs and what is derived from them.
		expect(new Set(numbersIn(text))).toEqual(
			new Set(['84', '3', '2023', '3,6', '14', '28', '12', '9', '29,1', `10${NNBSP}000`, '23,8', '20'])
		);
	});

	it('agrees in the singular and never shows a bare rate on one structure', () => {
		const text = summary(
			{ structures: 1, structures_employeuses: 1, accompanied: 0, distance_km: 2.44 },
			{ level: 'commune', nom: 'Le Ban-Saint-Martin' }
		);
		// Expected 1 × 0.14 = 0.14: rounds to 0, so no gap sentence.
		expect(text).toBe(
			`Au Ban-Saint-Martin, 1 structure de l’ESS, non accompagnée depuis 2023 (trop peu de structures pour un taux fiable${NBSP}; 14${NBSP}% en Moselle). ` +
				'Elle est employeuse. ' +
				`La structure accompagnée la plus proche est à 2,4${NBSP}km.`
		);
		expect(text).not.toMatch(/\b0\u00a0%/);
	});

	it('says « toutes » rather than 100 % on a small count', () => {
		const text = summary(
			{ structures: 3, structures_employeuses: 0, accompanied: 3, emplois_concernes: 1 },
			{ level: 'commune', nom: 'Amnéville' }
		);
		expect(text).toBe(
			`À Amnéville, 3 structures de l’ESS, toutes accompagnées depuis 2023 (trop peu de structures pour un taux fiable${NBSP}; 14\u00a0% en Moselle). ` +
				'Aucune n’est employeuse. Ces accompagnements concernent 1 emploi.'
		);
		expect(text).not.toContain('100');
	});

	it('handles a territory without structures', () => {
		expect(summary({}, { level: 'commune', nom: 'Les Étangs' })).toBe('Aux Étangs, aucune structure de l’ESS n’est recensée.');
	});

	it('qualifies a medium count and gives the gap in the singular', () => {
		// 12 structures, 0 accompanied: 0 % on 12 structures is « indicatif »; 12 × 0.14 = 1.68 → ≈ 2 expected, ≈ 2 missing.
		const text = summary({ structures: 12, structures_employeuses: 1, accompanied: 0, distance_km: 18.4 }, { level: 'zone', nom: 'Sud' });
		expect(text).toBe(
			`Dans la zone Sud, 12 structures de l’ESS, dont aucune accompagnée depuis 2023 (0${NBSP}% contre 14${NBSP}% en Moselle, taux indicatif sur 12 structures). ` +
				'Parmi elles, une seule est employeuse. ' +
				`Au taux du département, environ 2 seraient accompagnées${NBSP}: il en manque environ 2. ` +
				`La structure accompagnée la plus proche est à 18${NBSP}km.`
		);
		// 7 structures: 7 × 0.14 = 0.98 → « environ 1 serait accompagnée », singular.
		expect(summary({ structures: 7 }, { level: 'commune', nom: 'Metz' })).toContain(
			`Au taux du département, environ 1 serait accompagnée${NBSP}: il en manque environ 1.`
		);
		// 50 × 0.14 is 7.000000000000001 in floating point: still a whole 7, without « environ ».
		expect(summary({ structures: 50, accompanied: 2 }, { level: 'commune', nom: 'Metz' })).toContain(
			`Au taux du département, 7 seraient accompagnées${NBSP}: il en manque 5.`
		);
	});

	it('says when the territory reaches the départemental rate', () => {
		const text = summary(
			{ structures: 40, structures_employeuses: 40, accompanied: 10, emplois_concernes: 35 },
			{ level: 'arrondissement', nom: 'Metz' }
		);
		expect(text).toContain(
			'Dans l’arrondissement de Metz, 40 structures de l’ESS, dont 10 accompagnées depuis 2023 (25\u00a0% contre 14\u00a0% en Moselle).'
		);
		expect(text).toContain('Toutes sont employeuses.');
		expect(text).toContain('C’est au moins le taux du département.');
	});

	it('speaks of one sector when filtered, and counts the sectors it does not name', () => {
		const filtered = summary(
			{ structures: 30, accompanied: 1 },
			{ level: 'epci', nom: 'CC du Pays de Bitche' },
			{ sector: { code: 'culture', label: 'Arts, spectacles & patrimoine' } }
		);
		expect(filtered).toContain(
			`Dans la CC du Pays de Bitche, 30 structures de l’ESS du secteur «${NBSP}Arts, spectacles & patrimoine${NBSP}», dont 1 accompagnée depuis 2023`
		);
		const many = summary(
			{ structures: 100, accompanied: 2 },
			{ level: 'epci', nom: 'CA Sarreguemines Confluences' },
			{
				sectors: ['culture', 'sport_loisirs', 'sante', 'enseignement', 'commerce'].map((code, i) => ({
					code,
					label: code,
					structures: 10 + i,
					accompanied: 0
				}))
			}
		);
		expect(many).toContain(
			'dans le commerce (14 structures), l’enseignement et la formation (13 structures), la santé (12 structures) et 2 autres secteurs.'
		);
	});

	it('writes the period start in words', () => {
		expect(depuis('2023-01-01')).toBe('depuis 2023');
		expect(depuis('2025-03-01')).toBe('depuis le 1er mars 2025');
		expect(depuis('2025-11-28')).toBe('depuis le 28 nov. 2025');
	});
});

describe('French place phrases', () => {
	it('uses the right preposition and article', () => {
		expect(dansDepartement('Moselle', 3)).toBe('en Moselle');
		expect(dansDepartement('Bas-Rhin', 2)).toBe('dans le Bas-Rhin');
		expect(dansDepartement('Vosges', 4)).toBe('dans les Vosges');
		expect(dansDepartement('Meurthe-et-Moselle', 0)).toBe('en Meurthe-et-Moselle');
		expect(dansDepartement('Ain', 5)).toBe('dans l’Ain');
		expect(dansDepartement('Marne', 3)).toBe('dans la Marne');
		expect(dansTerritoire({ level: 'epci', nom: 'Eurométropole de Metz' })).toBe('dans l’Eurométropole de Metz');
		expect(dansTerritoire({ level: 'epci', nom: 'Metz Métropole' })).toBe('sur le territoire de Metz Métropole');
		expect(dansTerritoire({ level: 'epci', nom: 'CA Saint-Avold Synergie' })).toBe('dans la CA Saint-Avold Synergie');
		expect(dansTerritoire({ level: 'epci', nom: 'Communauté de communes du Saulnois' })).toBe('dans la Communauté de communes du Saulnois');
		expect(dansTerritoire({ level: 'commune', nom: 'La Maxe' })).toBe('à La Maxe');
		expect(dansTerritoire({ level: 'arrondissement', nom: 'Forbach-Boulay-Moselle' })).toBe(
			'dans l’arrondissement de Forbach-Boulay-Moselle'
		);
		expect(deLieu('Hayange')).toBe('d’Hayange');
		expect(deLieu('Les Étangs')).toBe('des Étangs');
		expect(joinFrench(['a', 'b', 'c'])).toBe('a, b et c');
	});
});
