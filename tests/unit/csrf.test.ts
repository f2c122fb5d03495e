import { describe, expect, it } from 'vitest';
import { crossSiteFormRefused } from '../../src/lib/server/http/csrf';

const URL_ = new URL('https://maillage.test/x');
const post = (headers: Record<string, string>, method = 'POST') => new Request('https://maillage.test/x', { method, headers });
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('cross-site form posts (kit.csrf, checked in the hooks)', () => {
	it('refuses a form post from another origin or without one, as SvelteKit does', () => {
		expect(crossSiteFormRefused(post({ ...FORM, origin: 'https://evil.example' }), URL_, '/login')).toBe(true);
		expect(crossSiteFormRefused(post(FORM), URL_, '/(app)/temoignages')).toBe(true);
		expect(crossSiteFormRefused(post({ 'content-type': 'multipart/form-data; boundary=x' }, 'DELETE'), URL_, '/login')).toBe(true);
		expect(crossSiteFormRefused(post({ 'content-type': 'Text/Plain' }), URL_, '/login')).toBe(true);
	});
	it('lets through our own origin, JSON, reads, and the one-click unsubscribe POST only', () => {
		expect(crossSiteFormRefused(post({ ...FORM, origin: 'https://maillage.test' }), URL_, '/login')).toBe(false);
		expect(crossSiteFormRefused(post({ 'content-type': 'application/json' }), URL_, '/api/actors')).toBe(false);
		expect(crossSiteFormRefused(new Request('https://maillage.test/x'), URL_, '/login')).toBe(false);
		expect(crossSiteFormRefused(post(FORM), URL_, '/desinscription/[token]')).toBe(false);
		expect(crossSiteFormRefused(post({ ...FORM, origin: 'https://mail.example' }), URL_, '/desinscription/[token]')).toBe(false);
		expect(crossSiteFormRefused(post(FORM, 'PUT'), URL_, '/desinscription/[token]')).toBe(true);
	});
});
