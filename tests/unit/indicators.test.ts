// The indicators' pure parts: the year range, the filling of empty years, the rate, and the query's
// clear refusals (bad level, inverted or too long range) with the older parameter names accepted.
import { describe, expect, it } from 'vitest';
import { INDICATORS, INDICATOR_KEYS } from '../../src/lib/domain/indicators/definitions';
import { fillYears, yearRange } from '../../src/lib/domain/indicators/years';
import { parseIndicatorQuery } from '../../src/lib/schemas/indicator-query';
import { firstIssue, issueText } from '../../src/lib/schemas/issues';

const TODAY = new Date('2026-05-10T12:00:00Z');
const parse = (query: string) => parseIndicatorQuery(new URLSearchParams(query), TODAY);
const refusal = (query: string) => {
	const parsed = parse(query);
	if (parsed.success) throw new Error(`accepted: ${query}`);
	return issueText(firstIssue(parsed.error, { asWritten: parsed.asWritten }));
};

describe('indicator years', () => {
	it('lists the years of a range, both ends included', () => {
		expect(yearRange(2022, 2025)).toEqual([2022, 2023, 2024, 2025]);
		expect(yearRange(2025, 2025)).toEqual([2025]);
		expect(yearRange(2026, 2025)).toEqual([]);
	});

	it('fills every territory × year, adds partial counts and derives the rate', () => {
		const rows = fillYears(
			'zone',
			[
				{ code: 'est', nom: 'Est', structures_ess: 8 },
				{ code: 'sud', nom: 'Sud', structures_ess: 0 }
			],
			2023,
			2025,
			[
				{ code: 'est', year: 2024, accueillies: 2, accompagnees: 2, budget_eur: '1000.10' },
				{ code: 'est', year: 2024, budget_eur: 0.2, jours: 1.5 },
				{ code: 'ailleurs', year: 2024, accueillies: 9 }
			]
		);
		expect(rows.map((r) => `${r.code} ${r.year}`)).toEqual(['est 2023', 'est 2024', 'est 2025', 'sud 2023', 'sud 2024', 'sud 2025']);
		expect(rows[1]).toMatchObject({
			level: 'zone',
			accueillies: 2,
			budget_eur: 1000.3,
			jours: 1.5,
			structures_ess: 8,
			taux_accompagnement: 0.25
		});
		expect(rows[0]).toMatchObject({ accueillies: 0, budget_eur: 0, taux_accompagnement: 0 });
		expect(rows[4].taux_accompagnement).toBeNull();
		expect(Object.keys(rows[0]).slice(4)).toEqual(INDICATOR_KEYS);
	});

	it('says for every indicator how it counts and, for a flow, from which step', () => {
		expect(INDICATORS.map((d) => d.key)).toEqual(INDICATOR_KEYS);
		const stepOf = Object.fromEntries(INDICATORS.map((d) => [d.key, d.step]));
		expect(stepOf).toMatchObject({
			emplois_concernes: 'ingenierie',
			budget_eur: 'ingenierie',
			jours: 'ingenierie',
			emplois_consolides: 'suivi'
		});
	});
});

describe('indicator query', () => {
	it('reads the level, the years and the sectors, old names included', () => {
		expect(parse('level=zone&de=2020&a=2025&secteur=culture,sport_loisirs')).toEqual({
			success: true,
			data: { level: 'zone', de: 2020, a: 2025, secteur: ['culture', 'sport_loisirs'] }
		});
		expect(parse('level=epci&from=2021&to=2022&sector=culture')).toMatchObject({ data: { de: 2021, a: 2022, secteur: ['culture'] } });
		expect(parse('')).toMatchObject({ data: { level: 'departement', de: 2022, a: 2026, secteur: [] } });
	});

	it('refuses a bad level, an inverted range, more than 30 years, an unknown parameter', () => {
		expect(refusal('level=canton')).toMatch(/^level : niveau inconnu : attendu commune, epci, arrondissement, zone, departement/);
		expect(refusal('de=2025&a=2020')).toBe('de : l’année de début doit précéder l’année de fin');
		expect(refusal('from=2025&to=2020')).toBe('from : l’année de début doit précéder l’année de fin');
		expect(refusal('de=2000&a=2030')).toBe('a : 30 années au plus : resserrez la période');
		expect(parse('de=2001&a=2030').success).toBe(true);
		expect(refusal('de=deux-mille')).toMatch(/^de : année attendue/);
		expect(refusal('secteur=peche_a_la_ligne')).toMatch(/^secteur : secteur inconnu/);
		expect(refusal('niveau=zone')).toMatch(/^paramètre inconnu : niveau/);
	});
});
