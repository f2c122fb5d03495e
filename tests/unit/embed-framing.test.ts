// Who may frame /embed: the origins of MAILLAGE_EMBED_ORIGINS in its CSP, no X-Frame-Options then;
// a malformed list refused at once; the routes of the public map open without a session.
import { describe, expect, it } from 'vitest';
import { allowsFraming, embedCsp, embedOrigins } from '../../src/lib/server/http/embed';
import { requiredAccess } from '../../src/lib/server/auth/permissions';

const CSP = "default-src 'self'; script-src 'self' 'nonce-abc'; frame-ancestors 'none'";

describe('embedding the public map', () => {
	it('reads the allowed origins and refuses anything that is not one', () => {
		expect(embedOrigins({ MAILLAGE_EMBED_ORIGINS: 'https://www.cojep.fr, http://localhost:8080/' })).toEqual([
			'https://www.cojep.fr',
			'http://localhost:8080'
		]);
		expect(embedOrigins({})).toEqual([]);
		expect(() => embedOrigins({ MAILLAGE_EMBED_ORIGINS: 'https://www.cojep.fr/carte' })).toThrow(/n’est pas une origine/);
		expect(() => embedOrigins({ MAILLAGE_EMBED_ORIGINS: 'javascript:alert(1)' })).toThrow(/n’est pas une origine/);
	});

	it('names them in frame-ancestors, and says when X-Frame-Options must go', () => {
		const csp = embedCsp(CSP, ['https://www.cojep.fr', 'http://localhost:8080']);
		expect(csp).toBe("default-src 'self'; script-src 'self' 'nonce-abc'; frame-ancestors https://www.cojep.fr http://localhost:8080");
		expect(allowsFraming(csp)).toBe(true);
		expect(embedCsp(CSP, [])).toBe(CSP);
		expect(allowsFraming(CSP)).toBe(false);
		expect(allowsFraming(null)).toBe(false);
	});

	it('opens the public routes without a session, and keeps moderation for the team', () => {
		for (const route of [
			'/public',
			'/embed',
			'/public/carte.json',
			'/public/temoignages/[id]/photo.jpg',
			'/temoignage/[token]',
			'/temoignage/merci'
		])
			expect(requiredAccess(route, 'GET', ''), route).toBe('public');
		expect(requiredAccess('/temoignage/[token]', 'POST', '')).toBe('public');
		expect(requiredAccess('/(app)/temoignages', 'GET', '')).toBe('read');
		expect(requiredAccess('/(app)/temoignages', 'POST', '?/moderer')).toBe('write');
		expect(requiredAccess('/(app)/temoignages/[id]/photo.jpg', 'GET', '')).toBe('read');
	});
});
