// The cache of computed results at a data version the caller has read (withDataEtag's): kept per
// version, forgotten when the version moves on, never set back by a request that read it earlier.
import { describe, expect, it } from 'vitest';
import { DataVersionCache } from '../../src/lib/server/data-version';

describe('DataVersionCache.at', () => {
	it('keeps one result per key at the current version and forgets them when it moves on', async () => {
		const cache = new DataVersionCache<string>();
		let computed = 0;
		const compute = (label: string) => async () => `${label}#${++computed}`;
		expect(await cache.at(5, 'k', compute('v5'))).toBe('v5#1');
		expect(await cache.at(5, 'k', compute('v5'))).toBe('v5#1');
		expect(await cache.at(5, 'other', compute('v5'))).toBe('v5#2');
		// A request that read the version before a write: its own result, and the cache stays at 5.
		expect(await cache.at(4, 'k', compute('v4'))).toBe('v4#3');
		expect(await cache.at(5, 'k', compute('v5'))).toBe('v5#1');
		expect(await cache.at(6, 'k', compute('v6'))).toBe('v6#4');
		expect(await cache.at(6, 'other', compute('v6'))).toBe('v6#5');
		expect(computed).toBe(5);
	});

	it('shares one computation between concurrent requests and retries after a failure', async () => {
		const cache = new DataVersionCache<number>();
		let computed = 0;
		const results = await Promise.all([1, 2, 3].map(() => cache.at(1, 'k', async () => ++computed)));
		expect(results).toEqual([1, 1, 1]);
		await expect(cache.at(2, 'k', async () => Promise.reject(new Error('base indisponible')))).rejects.toThrow('base indisponible');
		expect(await cache.at(2, 'k', async () => ++computed)).toBe(2);
	});
});
