import { distance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import {
	buildTravelMatrix,
	COJEP_OFFICE,
	DEFAULT_DETOUR_FACTOR,
	drivingMinutes,
	matrixProblem,
	roadKm,
	type LonLat
} from '../../src/lib/domain/trips/index';

const THIONVILLE: LonLat = [6.1683, 49.3579];
const SARREBOURG: LonLat = [7.0553, 48.7353];

describe('roadKm', () => {
	it('is the great-circle distance times the detour factor', () => {
		const crow = distance([COJEP_OFFICE[0], COJEP_OFFICE[1]], [THIONVILLE[0], THIONVILLE[1]], { units: 'kilometers' });
		expect(crow).toBeGreaterThan(25);
		expect(crow).toBeLessThan(28);
		expect(roadKm(COJEP_OFFICE, THIONVILLE)).toBeCloseTo(crow * DEFAULT_DETOUR_FACTOR, 9);
		expect(roadKm(COJEP_OFFICE, THIONVILLE, 1)).toBeCloseTo(crow, 9);
	});
});

describe('drivingMinutes', () => {
	it('uses 30 km/h in town, 55 on departmental roads, 80 on expressways', () => {
		expect(drivingMinutes(3)).toBeCloseTo(6, 9); // 3 km at 30 km/h
		expect(drivingMinutes(22)).toBeCloseTo(24, 9); // 22 km at 55 km/h
		expect(drivingMinutes(100)).toBeCloseTo(75, 9); // 100 km at 80 km/h
		expect(drivingMinutes(0)).toBe(0);
	});

	it('never makes a longer leg quicker than a shorter one at a band edge', () => {
		// 4.9 km at 30 km/h is 9.8 min; 5.1 km at 55 km/h would be 5.6 min without the floor.
		expect(drivingMinutes(5.1)).toBeGreaterThanOrEqual(drivingMinutes(4.9));
		expect(drivingMinutes(5.1)).toBeCloseTo(10, 9);
		expect(drivingMinutes(31)).toBeCloseTo((30 / 55) * 60, 9);
		let previous = 0;
		for (let km = 0; km <= 200; km += 0.25) {
			const minutes = drivingMinutes(km);
			expect(minutes).toBeGreaterThanOrEqual(previous);
			previous = minutes;
		}
	});

	it('takes other speed bands', () => {
		const motorway = [{ upToKm: Infinity, kmh: 120 }];
		expect(drivingMinutes(60, motorway)).toBeCloseTo(30, 9);
		// A last band with a finite limit still covers longer legs at its speed.
		expect(drivingMinutes(200, [{ upToKm: 100, kmh: 100 }])).toBeCloseTo(120, 9);
	});
});

describe('buildTravelMatrix', () => {
	it('is square, zero on the diagonal, symmetric, and consistent with roadKm and drivingMinutes', () => {
		const points = [COJEP_OFFICE, THIONVILLE, SARREBOURG];
		const matrix = buildTravelMatrix(points, { detourFactor: 1.2 });
		expect(matrix.km).toHaveLength(3);
		for (let i = 0; i < 3; i++) {
			expect(matrix.km[i][i]).toBe(0);
			for (let j = 0; j < 3; j++) {
				expect(matrix.km[i][j]).toBeCloseTo(roadKm(points[i], points[j], 1.2), 9);
				expect(matrix.min[i][j]).toBeCloseTo(drivingMinutes(matrix.km[i][j]), 9);
				expect(matrix.min[i][j]).toBe(matrix.min[j][i]);
			}
		}
		// Metz–Sarrebourg, about 70 km by road, takes about an hour.
		expect(matrix.min[0][2]).toBeGreaterThan(45);
		expect(matrix.min[0][2]).toBeLessThan(75);
	});
});

describe('matrixProblem', () => {
	it('accepts a well-formed matrix and names what is wrong with a bad one', () => {
		const good = {
			km: [
				[0, 1],
				[1, 0]
			],
			min: [
				[0, 2],
				[3, 0]
			]
		};
		expect(matrixProblem(good, 2)).toBeNull();
		expect(matrixProblem(good, 3)).toMatch(/2 lignes pour 3 points/);
		expect(matrixProblem({ km: [[0, 1], [1]], min: good.min }, 2)).toMatch(/ligne 1 : 1 colonnes/);
		expect(
			matrixProblem(
				{
					km: good.km,
					min: [
						[0, -1],
						[3, 0]
					]
				},
				2
			)
		).toMatch(/min \[0\]\[1\]/);
		expect(
			matrixProblem(
				{
					km: good.km,
					min: [
						[0, NaN],
						[3, 0]
					]
				},
				2
			)
		).toMatch(/NaN/);
	});
});
