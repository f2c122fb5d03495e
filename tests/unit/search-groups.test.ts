import { describe, expect, it } from 'vitest';
import type { ActorHit } from '../../src/lib/dto/search';
import { searchGroups } from '../../src/lib/view/search-groups';

const actor = (id: number, kind: ActorHit['kind'], nom: string, extra: Partial<ActorHit> = {}): ActorHit => ({
	id,
	nom,
	sigle: null,
	kind,
	siret: null,
	commune: 'Metz',
	lon: null,
	lat: null,
	...extra
});

describe('the search results grouped by kind', () => {
	it('puts the territories first, then the actors by kind (ESS structures first, collectivités last), each in the server’s order', () => {
		const groups = searchGroups({
			territories: [
				{ level: 'commune', code: '57463', nom: 'Metz' },
				{ level: 'epci', code: '200039865', nom: 'Metz Métropole' }
			],
			actors: [
				actor(1, 'collectivite', 'Commune de Metz'),
				actor(2, 'structure_ess', 'Épicerie solidaire de Metz', { sigle: 'ESM', siret: '12345678900011' }),
				actor(3, 'partenaire', 'France Active Lorraine'),
				actor(4, 'structure_ess', 'Metz Handball')
			]
		});
		expect(groups.map((g) => [g.label, g.options.map((o) => o.label)])).toEqual([
			['Territoires', ['Metz', 'Metz Métropole']],
			['Structures de l’ESS', ['Épicerie solidaire de Metz (ESM)', 'Metz Handball']],
			['Partenaires', ['France Active Lorraine']],
			['Collectivités', ['Commune de Metz']]
		]);
		expect(groups[0].options.map((o) => o.detail)).toEqual(['Commune', 'EPCI']);
		expect(groups[1].options[0].detail).toBe('Metz · 12345678900011');
		// Keys are unique across the groups (they make the options' ids).
		const keys = groups.flatMap((g) => g.options.map((o) => o.key));
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('leaves out the kinds without a result', () => {
		expect(searchGroups({ territories: [], actors: [] })).toEqual([]);
		expect(searchGroups({ territories: [], actors: [actor(5, 'initiative', 'Repair café')] }).map((g) => g.label)).toEqual(['Initiatives']);
	});
});
