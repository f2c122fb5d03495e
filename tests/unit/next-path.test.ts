// The `suite` parameter of the login page must never send a user to another site (issue 12, 3).
import { describe, expect, it } from 'vitest';
import { sameOriginPath } from '../../src/lib/server/http/next-path';

const ORIGIN = 'http://maillage.test:3000';

describe('sameOriginPath', () => {
	it('keeps a path of this site with its query and fragment', () => {
		expect(sameOriginPath('/', ORIGIN)).toBe('/');
		expect(sameOriginPath('/compte', ORIGIN)).toBe('/compte');
		expect(sameOriginPath('/?t=commune%3A57630&couches=epci%2Czones', ORIGIN)).toBe('/?t=commune%3A57630&couches=epci%2Czones');
		expect(sameOriginPath('/gaps?niveau=epci&tri=score#matrice', ORIGIN)).toBe('/gaps?niveau=epci&tri=score#matrice');
		expect(sameOriginPath('/portrait/commune/57630?periode=2024', ORIGIN)).toBe('/portrait/commune/57630?periode=2024');
		expect(sameOriginPath('/a?b=//c', ORIGIN)).toBe('/a?b=//c');
	});

	it('percent-encodes what a header cannot carry', () => {
		expect(sameOriginPath('/trips?nom=Journée à Metz', ORIGIN)).toBe('/trips?nom=Journ%C3%A9e%20%C3%A0%20Metz');
	});

	it('sends everything else to the home page', () => {
		for (const suite of [
			'/\t/evil.example/x', // `/%09/evil.example/x` once decoded: browsers drop the tab
			'/\n/evil.example/x', // %0A
			'/\r/evil.example/x', // %0D
			'/x\r\nSet-Cookie: a=b', // header injection
			'//evil.example/x',
			'/\\evil.example/x',
			'/x\\..\\\\evil.example',
			'https://evil.example/x',
			'http://maillage.test:3000/compte', // absolute, even ours: a path is expected
			'javascript:alert(1)',
			'evil.example',
			'/.//evil.example',
			'/a/..//evil.example',
			'/%2e%2e//evil.example',
			'',
			null,
			undefined
		]) {
			expect({ suite, next: sameOriginPath(suite, ORIGIN) }).toEqual({ suite, next: '/' });
		}
	});
});
