import { describe, expect, it } from 'vitest';
import { DEFAULT_GAP_CONFIG, parseGapConfig, type GapConfig } from '../../src/lib/domain/gaps/config';
import { confidenceLevel, gapIndicators, type TerritoryFigures } from '../../src/lib/domain/gaps/indicators';
import { explainScore, rankGaps, saturation, scoreGap } from '../../src/lib/domain/gaps/score';

// The département used throughout: 2,500 structures, 350 accompanied → reference rate 14 %.
const MOSELLE: TerritoryFigures = {
	structures: 2500,
	structures_employeuses: 1100,
	accompanied: 350,
	population: 1_050_000,
	emplois_concernes: 2400,
	distance_km: 0
};

function territory(
	structures: number,
	accompanied: number,
	distance_km: number | null,
	population: number | null = 30_000
): TerritoryFigures {
	return {
		structures,
		structures_employeuses: Math.floor(structures / 3),
		accompanied,
		population,
		emplois_concernes: accompanied * 4,
		distance_km
	};
}

describe('gap indicators', () => {
	it('computes the Saulnois case by hand', () => {
		const ind = gapIndicators({ ...territory(84, 3, 14), population: 28_900 }, MOSELLE);
		expect(ind.rate).toBeCloseTo(3 / 84, 12); // 0.0357…, shown 3,6 %
		expect(ind.reference_rate).toBe(0.14); // 350 / 2500
		expect(ind.structures_per_10k).toBeCloseTo(29.0657, 4); // 84 × 10 000 / 28 900
		expect(ind.accompaniments_per_10k).toBeCloseTo(1.0381, 4); // 3 × 10 000 / 28 900
		expect(ind.reference_structures_per_10k).toBeCloseTo(23.8095, 4); // 2500 × 10 000 / 1 050 000
		expect(ind.expected).toBeCloseTo(11.76, 10); // 84 × 0.14
		expect(ind.missing).toBeCloseTo(8.76, 10); // 11.76 − 3
		expect(ind.ess_share).toBeCloseTo(0.0336, 10); // 84 / 2500
		expect(ind.confidence).toBe('bonne'); // 84 ≥ 15
	});

	it('gives no rate without structures and no density without population', () => {
		const ind = gapIndicators(territory(0, 0, 5, null), MOSELLE);
		expect(ind.rate).toBeNull();
		expect(ind.structures_per_10k).toBeNull();
		expect(ind.expected).toBe(0); // 0 × 0.14
		expect(ind.missing).toBe(0);
	});

	it('never counts a negative gap above the reference rate', () => {
		const ind = gapIndicators(territory(100, 30, 0), MOSELLE);
		expect(ind.expected).toBeCloseTo(14, 10); // 100 × 0.14
		expect(ind.missing).toBe(0); // max(0, 14 − 30)
	});

	it('expects nothing when the département has no accompaniment', () => {
		const ind = gapIndicators(territory(50, 0, null), { ...MOSELLE, accompanied: 0 });
		expect(ind.reference_rate).toBe(0);
		expect(ind.missing).toBe(0);
	});

	it('grades confidence at the configured thresholds', () => {
		expect([0, 4, 5, 14, 15, 300].map((n) => confidenceLevel(n))).toEqual(['faible', 'faible', 'moyenne', 'moyenne', 'bonne', 'bonne']);
		const strict: GapConfig = { ...DEFAULT_GAP_CONFIG, confidence: { faible_below: 10, moyenne_below: 40 } };
		expect(confidenceLevel(9, strict)).toBe('faible');
		expect(confidenceLevel(39, strict)).toBe('moyenne');
	});

	it('rejects impossible figures from upstream', () => {
		expect(() => gapIndicators(territory(-1, 0, 0), MOSELLE)).toThrow(/structures/);
		expect(() => gapIndicators(territory(10, 1.5, 0), MOSELLE)).toThrow(/accompanied/);
		expect(() => gapIndicators(territory(10, 1, -3), MOSELLE)).toThrow(/distance/);
	});
});

describe('gap score', () => {
	it('computes the Saulnois score by hand', () => {
		// M = 8.76 / (8.76 + 5) = 0.63663; P = 0.0336 / (0.0336 + 0.02) = 0.62687; D = 14 / (14 + 10) = 0.58333
		// score = 100 × 0.63663 × (0.5 + 0.3 × 0.62687 + 0.2 × 0.58333) = 100 × 0.63663 × 0.80473 = 51.231
		const { score, components } = scoreGap(gapIndicators(territory(84, 3, 14), MOSELLE));
		expect(components.missing).toBeCloseTo(0.63663, 5);
		expect(components.ess_weight).toBeCloseTo(0.62687, 5);
		expect(components.distance).toBeCloseTo(0.58333, 5);
		expect(score).toBeCloseTo(51.231, 3);
	});

	it('ranks a territory with many structures and no accompaniment first', () => {
		const ranked = rankGaps([
			// 600 × 0.14 = 84 expected, 120 accompanied → missing 0 → score 0
			{ code: 'metz', indicators: gapIndicators(territory(600, 120, 0), MOSELLE) },
			// missing 8.76 → 51.23 (above)
			{ code: 'saulnois', indicators: gapIndicators(territory(84, 3, 14), MOSELLE) },
			// 3 × 0.14 = 0.42 missing; M = 0.42 / 5.42 = 0.0775, P = 0.0566, D = 0.7143 → 100 × 0.0775 × 0.6598 = 5.11
			{ code: 'village', indicators: gapIndicators(territory(3, 0, 25), MOSELLE) },
			// 200 × 0.14 − 20 = 8 missing; M = 0.6154, P = 0.8, D = 0.2308 → 100 × 0.6154 × 0.7862 = 48.38
			{ code: 'forbach', indicators: gapIndicators(territory(200, 20, 3), MOSELLE) },
			// 120 × 0.14 = 16.8 missing; M = 0.7706, P = 0.7059, D = 0.4444 → 100 × 0.7706 × 0.8007 = 61.70
			{ code: 'bitche', indicators: gapIndicators(territory(120, 0, 8), MOSELLE) }
		]);
		expect(ranked.map((r) => r.code)).toEqual(['bitche', 'saulnois', 'forbach', 'village', 'metz']);
		expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
		expect(ranked[0].gap.score).toBeCloseTo(61.702, 3);
		expect(ranked[3].gap.score).toBeCloseTo(5.113, 3);
		expect(ranked[4].gap.score).toBe(0);
	});

	it('is monotonic: more missing, more weight or farther never lowers the score', () => {
		for (const structures of [5, 20, 80, 300]) {
			for (const distance of [0, 2, 10, 40]) {
				let previous = Infinity;
				// Fewer accompanied structures → more missing → higher score.
				for (let accompanied = 0; accompanied <= structures; accompanied += Math.max(1, Math.floor(structures / 10))) {
					const { score } = scoreGap(gapIndicators(territory(structures, accompanied, distance), MOSELLE));
					expect(score).toBeLessThanOrEqual(previous);
					previous = score;
				}
			}
		}
		// Farther, all else equal and something missing: strictly higher.
		const atDistance = (d: number) => scoreGap(gapIndicators(territory(60, 1, d), MOSELLE)).score;
		expect(atDistance(1)).toBeLessThan(atDistance(5));
		expect(atDistance(5)).toBeLessThan(atDistance(30));
		expect(atDistance(30)).toBeLessThan(scoreGap(gapIndicators(territory(60, 1, null), MOSELLE)).score);
		// More structures with the same accompaniments: more missing and more weight.
		expect(scoreGap(gapIndicators(territory(60, 2, 10), MOSELLE)).score).toBeLessThan(
			scoreGap(gapIndicators(territory(90, 2, 10), MOSELLE)).score
		);
	});

	it('is deterministic and ignores the input order', () => {
		const candidates = [
			{ code: 'b', indicators: gapIndicators(territory(40, 2, 5), MOSELLE) },
			{ code: 'a', indicators: gapIndicators(territory(40, 2, 5), MOSELLE) },
			{ code: 'c', indicators: gapIndicators(territory(10, 0, 5), MOSELLE) }
		];
		const forward = rankGaps(candidates).map((r) => r.code);
		expect(rankGaps([...candidates].reverse()).map((r) => r.code)).toEqual(forward);
		// Equal scores fall back to the code.
		expect(forward.indexOf('a')).toBeLessThan(forward.indexOf('b'));
	});

	it('follows the configured weights', () => {
		const near = gapIndicators(territory(100, 2, 1), MOSELLE);
		const far = gapIndicators(territory(90, 2, 60), MOSELLE);
		const distanceHeavy: GapConfig = {
			...DEFAULT_GAP_CONFIG,
			score: { ...DEFAULT_GAP_CONFIG.score, weights: { missing: 0.1, ess_weight: 0, distance: 0.9 } }
		};
		const distanceBlind: GapConfig = {
			...DEFAULT_GAP_CONFIG,
			score: { ...DEFAULT_GAP_CONFIG.score, weights: { missing: 1, ess_weight: 0, distance: 0 } }
		};
		expect(
			rankGaps(
				[
					{ code: 'near', indicators: near },
					{ code: 'far', indicators: far }
				],
				distanceHeavy
			)[0].code
		).toBe('far');
		expect(
			rankGaps(
				[
					{ code: 'near', indicators: near },
					{ code: 'far', indicators: far }
				],
				distanceBlind
			)[0].code
		).toBe('near');
	});

	it('saturates at half its value at the half-saturation point', () => {
		expect(saturation(5, 5)).toBe(0.5);
		expect(saturation(0, 5)).toBe(0);
		expect(saturation(1e9, 5)).toBeLessThan(1);
	});

	it('explains the formula in French with the configured values', () => {
		const text = explainScore();
		expect(text).toContain('100 × M × (0,5 + 0,3 × P + 0,2 × D)');
		expect(text).toContain('manque ÷ (manque + 5)');
		expect(text).toContain('part ÷ (part + 2\u00a0%)');
		expect(text).toContain('distance ÷ (distance + 10\u00a0km)');
		// Weights are shown normalised: 2 / 1 / 1 → 0,5 / 0,25 / 0,25.
		const other: GapConfig = {
			...DEFAULT_GAP_CONFIG,
			score: { ...DEFAULT_GAP_CONFIG.score, weights: { missing: 2, ess_weight: 1, distance: 1 } }
		};
		expect(explainScore(other)).toContain('100 × M × (0,5 + 0,25 × P + 0,25 × D)');
	});
});

describe('gap configuration (data/gaps.json)', () => {
	it('loads the bundled file', () => {
		expect(DEFAULT_GAP_CONFIG.score.weights.missing).toBeGreaterThan(0);
		expect(DEFAULT_GAP_CONFIG.summary.sector_phrases.culture).toBe('la culture');
	});

	it('names the setting to fix in an edited file', () => {
		const broken = structuredClone(DEFAULT_GAP_CONFIG) as unknown as {
			score: { weights: { missing: number; distance: number } };
			confidence: { moyenne_below: number };
		};
		broken.score.weights.missing = 0;
		broken.score.weights.distance = -1;
		broken.confidence.moyenne_below = 3;
		const parsed = parseGapConfig(broken);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.errors.join('\n')).toMatch(/score\.weights\.missing/);
		expect(parsed.errors.join('\n')).toMatch(/score\.weights\.distance/);
		expect(parsed.errors.join('\n')).toMatch(/moyenne_below/);
	});
});
