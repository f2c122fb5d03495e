// The questionnaire's aggregation (domain/satisfaction/aggregate.ts) on answers whose every mean
// and count is computed by hand.
import { describe, expect, it } from 'vitest';
import { aggregateSatisfaction, OTHER_PRESTATAIRES, type SurveyAnswer } from '../../src/lib/domain/satisfaction/aggregate';

const answer = (over: Partial<SurveyAnswer>): SurveyAnswer => ({
	year: 2026,
	prestataire: 'Alpha Conseil',
	themes: ['Numérique'],
	note_diagnostic: 4,
	note_prestataire: 4,
	note_dla: 4,
	effets: [],
	...over
});

describe('satisfaction aggregated by year, prestataire and theme', () => {
	const answers: SurveyAnswer[] = [
		// Alpha: three answers in 2026 → named; prestataire notes 5, 4, 3 → 4; DLA 5, 5, 4 → 4.67.
		answer({ note_prestataire: 5, note_dla: 5, effets: ['emplois', 'finances'] }),
		answer({ note_prestataire: 4, note_dla: 5, effets: ['emplois'], themes: ['Numérique', 'Gouvernance & organisation interne'] }),
		answer({ note_prestataire: 3, note_dla: 4, themes: [] }),
		// Beta: two answers → pooled with the answer without prestataire.
		answer({ prestataire: 'Beta', note_diagnostic: 2, note_prestataire: 2, note_dla: 3, effets: ['gouvernance'] }),
		answer({ prestataire: 'Beta', note_diagnostic: 3, note_prestataire: 1, note_dla: 3 }),
		answer({ prestataire: null, note_diagnostic: 5, note_prestataire: 3, note_dla: 5, effets: ['finances'] }),
		// 2025: one answer of Alpha → pooled in its own year, whatever Alpha does in 2026.
		answer({ year: 2025, note_diagnostic: 1, note_prestataire: 1, note_dla: 1 })
	];
	const [y2025, y2026] = aggregateSatisfaction(answers);

	it('gives one entry per year with answers, oldest first, and the year’s means and effects', () => {
		expect(y2025.year).toBe(2025);
		expect(y2026.year).toBe(2026);
		expect(y2026.reponses).toBe(6);
		// Diagnostic: 4 + 4 + 4 + 2 + 3 + 5 = 22 / 6 = 3.67; prestataire: 5+4+3+2+1+3 = 18 / 6 = 3; DLA: 5+5+4+3+3+5 = 25 / 6 = 4.17.
		expect(y2026.moyennes).toEqual({ note_diagnostic: 3.67, note_prestataire: 3, note_dla: 4.17 });
		expect(y2026.effets).toEqual({ emplois: 2, finances: 2, gouvernance: 1 });
	});

	it('names a prestataire with three answers or more and pools the others as « autres prestataires »', () => {
		expect(y2026.prestataires.map((p) => [p.nom, p.reponses])).toEqual([
			['Alpha Conseil', 3],
			[OTHER_PRESTATAIRES, 3]
		]);
		const [alpha, others] = y2026.prestataires;
		expect(alpha.moyennes).toEqual({ note_diagnostic: 4, note_prestataire: 4, note_dla: 4.67 });
		// Beta ×2 and the unnamed one: diagnostic (2 + 3 + 5) / 3 = 3.33, prestataire (2 + 1 + 3) / 3 = 2, DLA (3 + 3 + 5) / 3 = 3.67.
		expect(others.moyennes).toEqual({ note_diagnostic: 3.33, note_prestataire: 2, note_dla: 3.67 });
		expect(y2026.prestataires.some((p) => p.nom === 'Beta')).toBe(false);
		expect(y2025.prestataires.map((p) => p.nom)).toEqual([OTHER_PRESTATAIRES]);
	});

	it('counts an answer in each of its themes, and those without any under « sans thème »', () => {
		expect(y2026.themes.map((t) => [t.nom, t.reponses])).toEqual([
			['Gouvernance & organisation interne', 1],
			['Numérique', 5],
			['sans thème', 1]
		]);
	});

	it('gives nothing for no answer', () => {
		expect(aggregateSatisfaction([])).toEqual([]);
	});
});
