import { describe, expect, it } from 'vitest';
import { slugify } from '../../src/lib/domain/slug';

describe('slugify, the one slug of file names, demo e-mails and boundary paths', () => {
	it('drops accents, lowers the case and joins words with single hyphens', () => {
		expect(slugify('Meurthe-et-Moselle')).toBe('meurthe-et-moselle');
		expect(slugify("Côtes-d'Armor")).toBe('cotes-d-armor');
		expect(slugify('  Jamais accompagnées — essai !')).toBe('jamais-accompagnees-essai');
		expect(slugify('Coop’Études Œuvre & Cæcilia')).toBe('coop-etudes-oeuvre-caecilia');
	});
	it('cuts to a length without leaving a hyphen at the end', () => {
		expect(slugify('Tournée du Saulnois', 8)).toBe('tournee');
		expect(slugify('Tournée du Saulnois', 10)).toBe('tournee-du');
		expect(slugify('a'.repeat(80), 60)).toHaveLength(60);
	});
	it('gives an empty slug for a text without letters or digits', () => {
		expect(slugify('— ! —')).toBe('');
	});
});
