import { describe, expect, it } from 'vitest';
import { newsletterSchema, segmentSchema } from '../../src/lib/schemas/promotion';

describe('an audience as entered', () => {
	it('takes the explorer’s address or its parameters as the filter, and roles separated by commas', () => {
		const parsed = segmentSchema.parse({
			nom: ' Sud ',
			filter: 'http://localhost:5173/?zone=sud&secteur=culture,sport',
			roles: 'présidente, , trésorier',
			channel: 'newsletter'
		});
		expect(parsed.nom).toBe('Sud');
		expect(parsed.filter.zone).toEqual(['sud']);
		expect(parsed.filter.secteur).toEqual(['culture', 'sport']);
		expect(parsed.roles).toEqual(['présidente', 'trésorier']);
		expect(segmentSchema.parse({ nom: 'Tout', filter: '', roles: '', channel: '' }).channel).toBeNull();
	});

	it('names the filter’s fault', () => {
		const result = segmentSchema.safeParse({ nom: 'x', filter: 'statut=inconnu', roles: '', channel: '' });
		expect(result.success).toBe(false);
		expect(result.error!.issues[0].message).toMatch(/^filtre : /);
	});
});

describe('a newsletter as composed', () => {
	it('accepts its blocks and refuses a link that is not a web address', () => {
		const blocks = [
			{ type: 'texte', titre: '', texte: 'Bonjour' },
			{ type: 'accompagnements', nombre: '3' },
			{ type: 'chiffre', level: 'zone', code: 'sud' },
			{ type: 'liens', liens: [{ label: 'Site', url: 'https://example.org' }] }
		];
		expect(newsletterSchema.parse({ titre: 'n° 1', blocks, segment_id: '' }).blocks[1]).toEqual({ type: 'accompagnements', nombre: 3 });
		const bad = newsletterSchema.safeParse({
			titre: 'n° 1',
			blocks: [{ type: 'liens', liens: [{ label: 'x', url: 'javascript:alert(1)' }] }],
			segment_id: null
		});
		expect(bad.success).toBe(false);
	});
});
