import { describe, expect, it } from 'vitest';
import { sentText, sentValues } from '$lib/view/sent-values';

describe('sentValues', () => {
	it('reads the values a refusal sent back', () => {
		expect(sentValues({ message: 'photo : …', values: { texte: 'Merci', effets: ['emplois'] } })).toEqual({
			texte: 'Merci',
			effets: ['emplois']
		});
	});
	it('gives none without a form, a form without values, or values that are no record', () => {
		expect(sentValues(null)).toEqual({});
		expect(sentValues(undefined)).toEqual({});
		expect(sentValues({ message: 'Identifiants incorrects' })).toEqual({});
		expect(sentValues({ values: null })).toEqual({});
		expect(sentValues({ values: 'texte' })).toEqual({});
	});
});

describe('sentText', () => {
	it('keeps text and turns anything else into an empty field', () => {
		expect(sentText('Coordinatrice')).toBe('Coordinatrice');
		expect(sentText('')).toBe('');
		expect(sentText(undefined)).toBe('');
		expect(sentText(null)).toBe('');
		expect(sentText(['a'])).toBe('');
		expect(sentText(3)).toBe('');
	});
});
