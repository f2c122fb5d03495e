import { describe, expect, it } from 'vitest';
import { sizeClass, statusMix, tileBounds, validTile } from '../../src/lib/domain/actor-tiles';
import { dataEtag, etagMatches } from '../../src/lib/server/http/cache';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { negotiateEncoding, PrecompressedBody } from '../../src/lib/server/http/compression';

describe('content encoding negotiation', () => {
	it('prefers brotli, then gzip, and honours q=0 and *', () => {
		expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
		expect(negotiateEncoding('gzip')).toBe('gzip');
		expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
		expect(negotiateEncoding('gzip;q=0.5, br;q=0.2')).toBe('gzip');
		expect(negotiateEncoding('*')).toBe('br');
		expect(negotiateEncoding('identity')).toBeNull();
		expect(negotiateEncoding(null)).toBeNull();
	});

	it('serves a precompressed body in the encoding asked, the same bytes once decoded', async () => {
		const text = JSON.stringify({ id: Array.from({ length: 5000 }, (_, i) => i) });
		const body = new PrecompressedBody(text);
		const headers = { 'content-type': 'application/json' };
		const br = await body.response('gzip, br', headers);
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toBe('Accept-Encoding');
		const brBytes = Buffer.from(await br.arrayBuffer());
		expect(brBytes.length).toBeLessThan(text.length / 2);
		expect(brotliDecompressSync(brBytes).toString()).toBe(text);
		const gzip = await body.response('gzip', headers);
		expect(gzip.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(text);
		const plain = await body.response(null, headers);
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(await plain.text()).toBe(text);
		// Small bodies go as they are.
		expect((await new PrecompressedBody('{}').response('br', headers)).headers.get('content-encoding')).toBeNull();
	});
});

describe('data-version ETags', () => {
	it('depend on the version, the path, the query (in any order) and the variant', () => {
		const a = dataEtag(7, new URL('http://x/api/actors/points?zone=sud&kind=initiative'));
		expect(a).toMatch(/^W\/"7-/);
		expect(dataEtag(7, new URL('http://x/api/actors/points?kind=initiative&zone=sud'))).toBe(a);
		expect(dataEtag(8, new URL('http://x/api/actors/points?zone=sud&kind=initiative'))).not.toBe(a);
		expect(dataEtag(7, new URL('http://x/api/actors/points?zone=nord&kind=initiative'))).not.toBe(a);
		expect(dataEtag(7, new URL('http://x/api/actors/points?zone=sud&kind=initiative'), 'lecteur')).not.toBe(a);
	});
	it('match If-None-Match lists weakly', () => {
		expect(etagMatches('W/"7-abc"', 'W/"7-abc"')).toBe(true);
		expect(etagMatches('"7-abc"', 'W/"7-abc"')).toBe(true);
		expect(etagMatches('W/"6-abc", W/"7-abc"', 'W/"7-abc"')).toBe(true);
		expect(etagMatches('W/"6-abc"', 'W/"7-abc"')).toBe(false);
		expect(etagMatches(null, 'W/"7-abc"')).toBe(false);
		expect(etagMatches('*', 'W/"7-abc"')).toBe(true);
	});
});

describe('actor tiles', () => {
	it('bounds tiles as the XYZ scheme does', () => {
		expect(tileBounds(0, 0, 0).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([-180, -85.051129, 180, 85.051129]);
		const [w, s, e, n] = tileBounds(13, 4236, 2809);
		expect(w).toBeLessThan(6.1757);
		expect(e).toBeGreaterThan(6.1757);
		expect(s).toBeLessThan(49.1193);
		expect(n).toBeGreaterThan(49.1193);
		expect(validTile(14, 0, 0)).toBe(true);
		expect(validTile(15, 0, 0)).toBe(false);
		expect(validTile(2, 4, 0)).toBe(false);
		expect(validTile(2, 1.5, 0)).toBe(false);
	});
	it('carries the status mix and the size class', () => {
		expect(statusMix('ancien')).toEqual({ jamais: 0, en_cours: 0, accompagne: 0, ancien: 1, interrompu: 0 });
		expect(statusMix('autre')).toEqual({ jamais: 0, en_cours: 0, accompagne: 0, ancien: 0, interrompu: 0 });
		expect(['NN', null, '01', '12', '21'].map(sizeClass)).toEqual([0, 0, 1, 2, 3]);
	});
});
