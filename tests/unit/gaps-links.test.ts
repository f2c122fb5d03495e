import { describe, expect, it } from 'vitest';
import { explorerLink } from '../../src/lib/domain/gaps/links';
import { parseActorFilter } from '../../src/lib/schemas/actor-filter';

const filterOf = (link: string) => {
	const parsed = parseActorFilter(new URL(link, 'http://x').searchParams);
	if (!parsed.success) throw parsed.error;
	return parsed.data;
};

describe('links from a gap figure to the explorer', () => {
	it('filters the structures of an EPCI and sector not accompanied in the period', () => {
		const link = explorerLink({ level: 'epci', code: '200069441', sector: 'culture', from: 2024, to: 2026 }, 'not_accompanied');
		expect(link).toBe('/?kind=structure_ess&epci=200069441&secteur=culture&de=2024&a=2026&periode=sans&t=epci%3A200069441&liste=1');
		expect(filterOf(link)).toMatchObject({
			kind: ['structure_ess'],
			epci: ['200069441'],
			secteur: ['culture'],
			de: 2024,
			a: 2026,
			periode: 'sans'
		});
	});

	it('counts all structures without a period, and the accompanied ones with it', () => {
		const all = filterOf(explorerLink({ level: 'zone', code: 'est', from: 2024, to: 2026 }, 'structures'));
		expect(all.zone).toEqual(['est']);
		expect([all.de, all.a, all.periode]).toEqual([undefined, undefined, undefined]);
		const accompanied = filterOf(explorerLink({ level: 'commune', code: '57463', sector: '', from: 2024, to: 2026 }, 'accompanied'));
		expect(accompanied).toMatchObject({ commune: ['57463'], secteur: [], de: 2024, a: 2026 });
		expect(accompanied.periode).toBeUndefined();
	});

	it('filters arrondissements without selecting them on the map', () => {
		const link = explorerLink({ level: 'arrondissement', code: '573', from: 2024, to: 2026 }, 'structures');
		expect(new URL(link, 'http://x').searchParams.has('t')).toBe(false);
		expect(filterOf(link).arrondissement).toEqual(['573']);
	});
});
