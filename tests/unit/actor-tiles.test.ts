import { describe, expect, it } from 'vitest';
import { tileBounds, tilesCovering } from '../../src/lib/domain/actor-tiles';

describe('tiles covering a box', () => {
	it('gives back the one tile whose inside the box is', () => {
		const [w, s, e, n] = tileBounds(10, 530, 351);
		const inset = 1e-6;
		expect(tilesCovering(10, [w + inset, s + inset, e - inset, n - inset])).toEqual([[530, 351]]);
	});
	it('covers Moselle at zoom 8 with four tiles, one of which holds Metz, columns then rows', () => {
		const tiles = tilesCovering(8, [5.85, 48.5, 7.7, 49.55]);
		// Zoom 8: x = floor((lon + 180) / 360 × 256): 5.85° → 132, 7.7° → 133; y = floor((1 − ln(tan φ + sec φ) / π) / 2 × 256):
		// 49.55° → floor(87.3) = 87, 48.5° → floor(88.45) = 88 (rows run north to south).
		expect(tiles).toEqual([
			[132, 87],
			[132, 88],
			[133, 87],
			[133, 88]
		]);
		const metz = [6.1757, 49.1193];
		expect(
			tiles.some(([x, y]) => {
				const [w, s, e, n] = tileBounds(8, x, y);
				return metz[0] >= w && metz[0] <= e && metz[1] >= s && metz[1] <= n;
			})
		).toBe(true);
	});
});
