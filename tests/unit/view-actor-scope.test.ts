import { describe, expect, it } from 'vitest';
import { explorerActorQuery, showsCollectivites, withoutCollectivites } from '../../src/lib/view/actor-scope';

const q = (s: string) => new URLSearchParams(s);
const both = { actors: true, collectivites: true };
const actorsOnly = { actors: true, collectivites: false };

describe('the explorer’s actor scope', () => {
	it('leaves the collectivités out unless their layer is on', () => {
		expect(explorerActorQuery(q('secteur=culture'), actorsOnly).toString()).toBe(
			'secteur=culture&kind=structure_ess%2Cpartenaire%2Cinitiative'
		);
		expect(explorerActorQuery(q(''), both).get('kind')).toBe('structure_ess,collectivite,partenaire,initiative');
	});

	it('keeps the kinds the URL names, adding or dropping the collectivités with their layer', () => {
		expect(explorerActorQuery(q('kind=partenaire'), actorsOnly).get('kind')).toBe('partenaire');
		expect(explorerActorQuery(q('kind=partenaire'), both).get('kind')).toBe('collectivite,partenaire');
		expect(explorerActorQuery(q('kind=collectivite,structure_ess'), actorsOnly).get('kind')).toBe('structure_ess');
	});

	it('draws the collectivités alone when the actors’ layer is off', () => {
		expect(explorerActorQuery(q('zone=Z1'), { actors: false, collectivites: true }).toString()).toBe('zone=Z1&kind=collectivite');
		expect(explorerActorQuery(q(''), { actors: false, collectivites: false }).get('kind')).toBe('structure_ess,partenaire,initiative');
	});

	it('opens an older link that asked for collectivités with them shown, and hides them on demand', () => {
		expect(showsCollectivites(q('kind=collectivite'), false)).toBe(true);
		expect(showsCollectivites(q('kind=structure_ess'), false)).toBe(false);
		expect(showsCollectivites(q(''), true)).toBe(true);
		expect(explorerActorQuery(q('kind=collectivite'), both).get('kind')).toBe('collectivite');
		expect(withoutCollectivites(q('kind=collectivite&zone=Z1')).toString()).toBe('zone=Z1');
		expect(withoutCollectivites(q('kind=collectivite,partenaire')).get('kind')).toBe('partenaire');
	});
});
