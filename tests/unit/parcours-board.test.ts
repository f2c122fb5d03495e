// The board's rules as the officer meets them: which columns a card may go to, the order of the
// cards, the list's sorting, the alerts in words, the filters carried from the URL to the API.
import { describe, expect, it } from 'vitest';
import { boardColumns, cardAlerts, nextStages, refusedMove, sortRows, todoKindLabel } from '../../src/lib/domain/parcours/board';
import type { ParcoursCard } from '../../src/lib/dto/parcours';
import { apiQuery, exportHref, tabHref, TODO_FILTER_KEYS } from '../../src/lib/view/parcours-filters';

function card(id: number, changes: Partial<ParcoursCard> = {}): ParcoursCard {
	return {
		id,
		version: 1,
		actor_id: 100 + id,
		actor_nom: `Structure ${id}`,
		commune_code: '57463',
		commune_nom: 'Metz',
		epci_code: '200039865',
		epci_nom: 'Eurométropole de Metz',
		zone_code: 'metz',
		zone_nom: 'Metz',
		secteur: 'culture',
		secteur_label: 'Arts, spectacles & patrimoine',
		stage: 'accueil',
		stage_date: '2026-01-10',
		days_in_stage: 10,
		next_followup: null,
		owner_id: null,
		owner_nom: null,
		prestataire_id: null,
		prestataire_nom: null,
		ingenierie_type: null,
		ingenierie_collective_id: null,
		stalled: false,
		followup_overdue: false,
		ended: false,
		...changes
	};
}

describe('moves the board offers', () => {
	it('goes from accueil to the diagnostic only, or ends', () => {
		expect(nextStages('accueil')).toEqual(['diagnostic', 'oriente', 'abandon', 'non_eligible']);
	});

	it('skips forward once the diagnostic is done, never back', () => {
		expect(nextStages('diagnostic')).toEqual(['plan', 'ingenierie', 'suivi', 'oriente', 'abandon', 'non_eligible']);
		expect(nextStages('ingenierie')).toEqual(['suivi', 'oriente', 'abandon', 'non_eligible']);
	});

	it('records another follow-up at suivi, and moves an ended parcours nowhere', () => {
		expect(nextStages('suivi')).toEqual(['suivi', 'oriente', 'abandon', 'non_eligible']);
		expect(nextStages('abandon')).toEqual([]);
	});

	it('says why a column is refused', () => {
		expect(refusedMove('accueil', 'ingenierie')).toMatch(/sans diagnostic partagé/);
		expect(refusedMove('plan', 'diagnostic')).toMatch(/retour en arrière impossible/);
		expect(refusedMove('plan', 'plan')).toMatch(/déjà à l’étape/);
		expect(refusedMove('oriente', 'suivi')).toMatch(/parcours terminé/);
		expect(refusedMove('plan', 'ingenierie')).toBeNull();
		expect(refusedMove('accueil', 'termine')).toBeNull();
	});
});

describe('the columns', () => {
	it('puts ended parcours together and the most urgent first', () => {
		const cards = [
			card(1, { days_in_stage: 5 }),
			card(2, { days_in_stage: 50, stalled: true }),
			card(3, { days_in_stage: 1, followup_overdue: true }),
			card(4, { days_in_stage: 20 }),
			card(5, { stage: 'abandon', ended: true, stage_date: '2025-03-01' }),
			card(6, { stage: 'oriente', ended: true, stage_date: '2026-02-01' }),
			card(7, { stage: 'plan' })
		];
		const columns = boardColumns(cards);
		expect(columns.accueil.map((c) => c.id)).toEqual([3, 2, 4, 1]);
		expect(columns.plan.map((c) => c.id)).toEqual([7]);
		expect(columns.termine.map((c) => c.id)).toEqual([6, 5]);
		expect(columns.suivi).toEqual([]);
	});

	it('writes alerts as words', () => {
		expect(cardAlerts(card(1))).toEqual([]);
		expect(cardAlerts(card(1, { stalled: true, followup_overdue: true, days_in_stage: 42 }))).toEqual([
			'Suivi en retard',
			'En attente depuis 42\u00a0j'
		]);
		expect(cardAlerts(card(1, { stalled: true }), true)).toEqual(['En attente']);
	});
});

describe('the list', () => {
	const rows = [
		card(1, { actor_nom: 'Élan', days_in_stage: 3, next_followup: '2026-03-01' }),
		card(2, { actor_nom: 'atelier', days_in_stage: 30, next_followup: null }),
		card(3, { actor_nom: 'Zèbre', days_in_stage: 12, next_followup: '2026-02-01' })
	];

	it('sorts names the French way, accents and case aside', () => {
		expect(sortRows(rows, 'structure', false).map((r) => r.id)).toEqual([2, 1, 3]);
		expect(sortRows(rows, 'structure', true).map((r) => r.id)).toEqual([3, 1, 2]);
	});

	it('sorts numbers as numbers and keeps missing values last both ways', () => {
		expect(sortRows(rows, 'jours', false).map((r) => r.id)).toEqual([1, 3, 2]);
		expect(sortRows(rows, 'suivi', false).map((r) => r.id)).toEqual([3, 1, 2]);
		expect(sortRows(rows, 'suivi', true).map((r) => r.id)).toEqual([1, 3, 2]);
	});

	it('sorts stages in parcours order', () => {
		const staged = [card(1, { stage: 'suivi' }), card(2, { stage: 'accueil' }), card(3, { stage: 'plan' })];
		expect(sortRows(staged, 'etape', false).map((r) => r.stage)).toEqual(['accueil', 'plan', 'suivi']);
	});
});

describe('labels', () => {
	it('names every consolidation checkpoint', () => {
		expect(todoKindLabel('suivi')).toBe('Suivi prévu');
		expect(todoKindLabel('consolidation_12')).toBe('Consolidation à 12 mois');
		expect(todoKindLabel('consolidation_18')).toBe('Consolidation à 18 mois');
	});
});

describe('filters from the URL to the API', () => {
	const url = new URLSearchParams('zone=est,sud&secteur=culture&p=12&termines=1&tri=jours&de=&owner=3');

	it('keeps the filters only, empty ones dropped', () => {
		expect(apiQuery(url).toString()).toBe('zone=est%2Csud&secteur=culture&owner=3');
		expect(apiQuery(url, TODO_FILTER_KEYS).toString()).toBe('owner=3&zone=est%2Csud');
	});

	it('carries the shared filters from tab to tab, and exports with them', () => {
		expect(tabHref('/parcours/liste', url)).toBe('/parcours/liste?zone=est%2Csud&secteur=culture&owner=3');
		expect(tabHref('/parcours', new URLSearchParams('p=3'))).toBe('/parcours');
		expect(exportHref('xlsx', url)).toBe('/api/parcours/export?zone=est%2Csud&secteur=culture&owner=3&format=xlsx');
	});
});
