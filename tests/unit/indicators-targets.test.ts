// Progress towards a target (reached / on track for the date / behind / not started), the target
// form's reading (a rate typed in percent, a French decimal comma) and the journal's sentence.
import { describe, expect, it } from 'vitest';
import { auditSentence } from '../../src/lib/domain/audit-sentence';
import { targetProgress, yearElapsed } from '../../src/lib/domain/indicators/progress';
import { targetFormSchema } from '../../src/lib/schemas/target';

describe('target progress', () => {
	it('measures the share of the year elapsed at the end of a day', () => {
		expect(yearElapsed(2025, '2024-12-31')).toBe(0);
		expect(yearElapsed(2025, '2025-12-31')).toBe(1);
		expect(yearElapsed(2025, '2026-03-01')).toBe(1);
		expect(yearElapsed(2025, '2025-07-02')).toBeCloseTo(183 / 365, 10);
		expect(() => yearElapsed(2025, 'hier')).toThrow(/date invalide/);
	});

	it('is reached, on track, behind or to come for a yearly flow', () => {
		const at = (value: number, today: string) => targetProgress({ indicator: 'accueillies', year: 2025, target: 20, value, today });
		// 2 July: 183/365 of the year, 10.03 structures expected by now.
		expect(at(11, '2025-07-02')).toMatchObject({ status: 'en_bonne_voie', ratio: 0.55 });
		expect(at(10, '2025-07-02').status).toBe('en_retard');
		expect(at(20, '2025-03-01').status).toBe('atteint');
		expect(at(19, '2026-01-15')).toMatchObject({ status: 'en_retard', elapsed: 1, expected: 20 });
		expect(at(0, '2024-11-30')).toMatchObject({ status: 'a_venir', elapsed: 0, expected: 0 });
		expect(targetProgress({ indicator: 'taux_accompagnement', year: 2025, target: 0.04, value: 0.021, today: '2025-07-02' }).status).toBe(
			'en_bonne_voie'
		);
	});

	it('compares a stock with the whole target, whatever the date', () => {
		const p = targetProgress({ indicator: 'structures_ess', year: 2025, target: 800, value: 700, today: '2025-02-01' });
		expect(p).toMatchObject({ status: 'en_retard', elapsed: 1, expected: 800 });
		expect(targetProgress({ indicator: 'budget_eur', year: 2025, target: 0, value: 0, today: '2025-02-01' })).toMatchObject({
			status: 'atteint',
			ratio: null
		});
	});
});

describe('target form', () => {
	it('reads the territory, a rate in percent and a decimal comma', () => {
		expect(targetFormSchema.parse({ territoire: 'zone:est', indicator: 'taux_accompagnement', year: '2026', valeur: '3,5' })).toEqual({
			level: 'zone',
			code: 'est',
			indicator: 'taux_accompagnement',
			year: 2026,
			value: 0.035
		});
		expect(targetFormSchema.parse({ territoire: 'epci:245700372', indicator: 'budget_eur', year: '2026', valeur: '12 500' }).value).toBe(
			12500
		);
	});

	it('names the field at fault', () => {
		const issue = (form: Record<string, string>) => targetFormSchema.safeParse(form).error?.issues[0];
		const base = { territoire: 'zone:est', indicator: 'accueillies', year: '2026', valeur: '12' };
		expect(issue({ ...base, valeur: '-3' })).toMatchObject({ path: ['value'], message: 'valeur positive ou nulle attendue' });
		expect(issue({ ...base, valeur: 'beaucoup' })).toMatchObject({ path: ['value'] });
		expect(issue({ ...base, indicator: 'taux_accompagnement', valeur: '120' })).toMatchObject({
			path: ['value'],
			message: 'un taux ne dépasse pas 100 %'
		});
		expect(issue({ ...base, indicator: 'bonheur' })).toMatchObject({ path: ['indicator'], message: 'indicateur inconnu' });
		expect(issue({ ...base, year: '1990' })).toMatchObject({ path: ['year'] });
		expect(issue({ ...base, territoire: '' })).toMatchObject({ path: ['territoire'] });
	});
});

describe('journal sentence of a target', () => {
	const names = { who: 'Marie D.', subject: 'Est' };
	it('says which target changed and how, in the indicator’s unit', () => {
		const key = { level: 'zone', code: 'est', indicator: 'taux_accompagnement', year: 2026 };
		expect(
			auditSentence(
				{ action: 'update', entity: 'target', entityId: 'zone:est', before: { ...key, value: 0.035 }, after: { ...key, value: 0.04 } },
				names
			)
		).toBe('Marie D. a modifié l’objectif « Taux d’accompagnement » 2026 d’Est : 3,5\u00a0% → 4\u00a0%');
		expect(
			auditSentence({ action: 'delete', entity: 'target', entityId: 'zone:est', before: { ...key, value: 0.04 }, after: null }, names)
		).toBe('Marie D. a supprimé l’objectif « Taux d’accompagnement » 2026 d’Est');
		expect(auditSentence({ action: 'import', entity: 'target', entityId: null, before: null, after: { objectifs: 27 } }, names)).toBe(
			'Marie D. a enregistré la proposition d’objectifs par défaut (27)'
		);
	});
});
