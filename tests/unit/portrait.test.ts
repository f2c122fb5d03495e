import { describe, expect, it } from 'vitest';
import { estimateJobs } from '../../src/lib/domain/portrait/jobs';
import { parsePeriod, periodLabel, periodYears } from '../../src/lib/domain/portrait/period';
import { fitProjection, geometryPath, mergeOverlapping, svgMap } from '../../src/lib/domain/portrait/svg-map';
import { hasDemo, sourceLabel, sourcesText } from '../../src/lib/domain/portrait/sources';
import { jobsRange, keyFigures, proposals, type PortraitInput } from '../../src/lib/domain/portrait/figures';
import { sectorChartRows, YEAR_SERIES, yearChartNote, yearChartRows } from '../../src/lib/domain/portrait/charts';
import { portraitSlides } from '../../src/lib/domain/portrait/slides';
import { pathPoints } from '../../src/lib/server/portrait-pptx';
import { can } from '../../src/lib/domain/roles';
import { requiredAccess } from '../../src/lib/server/auth/permissions';
import { CHROMIUM_MISSING, chromiumPath, internalOrigin } from '../../src/lib/server/pdf';

const NNBSP = '\u202f';

describe('job estimates from size bands', () => {
	it('sums the bounds of the bands and counts employers without a band apart', () => {
		expect(
			estimateJobs([
				{ tranche: '11', employeur: true, structures: 2 }, // 20–38
				{ tranche: '01', employeur: true, structures: 3 }, // 3–6
				{ tranche: '00', employeur: true, structures: 1 }, // 0
				{ tranche: 'NN', employeur: false, structures: 40 },
				{ tranche: null, employeur: true, structures: 2 },
				{ tranche: 'ZZ', employeur: true, structures: 1 }
			])
		).toEqual({ min: 23, max: 44, structures_with_band: 6, employers_without_band: 3 });
	});
	it('leaves the range open with the band of 10 000 and more, and refuses bad counts', () => {
		expect(
			estimateJobs([
				{ tranche: '53', employeur: true, structures: 1 },
				{ tranche: '01', employeur: true, structures: 1 }
			])
		).toMatchObject({ min: 10_001, max: null });
		expect(estimateJobs([{ tranche: '53', employeur: true, structures: 0 }])).toMatchObject({ min: 0, max: 0 });
		expect(() => estimateJobs([{ tranche: '01', employeur: true, structures: -1 }])).toThrow(RangeError);
		expect(jobsRange({ min: 1150, max: 2293, structures_with_band: 1, employers_without_band: 0 })).toBe(`1${NNBSP}150 à 2${NNBSP}293`);
		expect(jobsRange({ min: 10_001, max: null, structures_with_band: 1, employers_without_band: 0 })).toBe(`10${NNBSP}001 ou plus`);
		expect(jobsRange({ min: 0, max: 0, structures_with_band: 0, employers_without_band: 0 })).toBe('0');
	});
});

describe('portrait period', () => {
	const today = new Date('2026-11-29T10:00:00Z');
	it('defaults to the last three years and reads de/a', () => {
		expect(parsePeriod(new URLSearchParams(), today)).toEqual({ ok: true, period: { from: 2024, to: 2026 } });
		expect(parsePeriod(new URLSearchParams('a=2022'), today)).toEqual({ ok: true, period: { from: 2020, to: 2022 } });
		expect(parsePeriod(new URLSearchParams('de=2019&a=2019'), today)).toEqual({ ok: true, period: { from: 2019, to: 2019 } });
	});
	it('refuses bad years with the field named, in French', () => {
		expect(parsePeriod(new URLSearchParams('de=2025&a=2020'), today)).toMatchObject({
			ok: false,
			field: 'de',
			message: expect.stringContaining('après sa fin')
		});
		expect(parsePeriod(new URLSearchParams('de=hier'), today)).toMatchObject({ ok: false, field: 'de' });
		expect(parsePeriod(new URLSearchParams('a=1850'), today)).toMatchObject({
			ok: false,
			field: 'a',
			message: expect.stringContaining('entre 2000 et 2100')
		});
		expect(parsePeriod(new URLSearchParams('a=2024.5'), today)).toMatchObject({ ok: false, field: 'a' });
	});
	it('labels and lists the years', () => {
		expect(periodLabel({ from: 2024, to: 2026 })).toBe('2024–2026');
		expect(periodLabel({ from: 2025, to: 2025 })).toBe('2025');
		expect(periodYears({ from: 2024, to: 2026 })).toEqual([2024, 2025, 2026]);
	});
});

describe('SVG map', () => {
	it('fits the box in the frame, north up, keeping the aspect ratio', () => {
		const projection = fitProjection({ width: 200, height: 100, bbox: [6, 49, 7, 49.5], padding: 0 });
		const [x0, y0] = projection.project([6, 49.5]);
		const [x1, y1] = projection.project([7, 49]);
		expect(y0).toBeCloseTo(0, 6);
		expect(y1).toBeCloseTo(100, 6);
		// 1° of longitude at 49.25° N is cos(49.25°) ≈ 0.653 of a degree of latitude.
		expect((x1 - x0) / (y1 - y0)).toBeCloseTo(2 * Math.cos((49.25 * Math.PI) / 180), 6);
		expect((x0 + x1) / 2).toBeCloseTo(100, 6);
		expect(() => fitProjection({ width: 10, height: 10, bbox: [7, 49, 6, 50] })).toThrow(RangeError);
	});
	it('draws polygons and multipolygons as paths, and points in the frame', () => {
		const projection = fitProjection({ width: 100, height: 100, bbox: [0, 0, 1, 1], padding: 0 });
		expect(
			geometryPath(
				{
					type: 'Polygon',
					coordinates: [
						[
							[0, 0],
							[1, 0],
							[1, 1],
							[0, 0]
						]
					]
				},
				projection
			)
		).toBe('M0 100L100 100L100 0L0 100Z');
		expect(
			geometryPath(
				{
					type: 'MultiPolygon',
					coordinates: [
						[
							[
								[0, 0],
								[1, 0],
								[0, 1],
								[0, 0]
							]
						],
						[
							[
								[0.5, 0.5],
								[1, 0.5],
								[1, 1],
								[0.5, 0.5]
							]
						]
					]
				},
				projection
			).match(/M/g)
		).toHaveLength(2);
		expect(geometryPath({ type: 'Point', coordinates: [0, 0] }, projection)).toBe('');
		const map = svgMap(
			{
				territory: null,
				neighbours: [{ code: 'a', nom: 'A', geometry: null, label: [5, 5] }],
				structures: [{ lon: 0.5, lat: 0.5, accompanied: true, precise: true }],
				bbox: [0, 0, 1, 1]
			},
			100,
			100
		);
		expect(map.structures[0]).toMatchObject({ accompanied: true });
		expect(map.structures[0].x).toBeGreaterThan(0);
		expect(map.structures[0].x).toBeLessThan(100);
		// A label outside the frame is dropped rather than drawn off the map.
		expect(map.neighbours[0].label).toBeNull();
	});

	it('draws once the points of one kind that would lie on top of one another, and still counts them all', () => {
		const at = (lon: number, lat: number, accompanied: boolean) => ({ lon, lat, accompanied, precise: true });
		const map = svgMap(
			{
				territory: null,
				neighbours: [],
				// Frame 100 × 100 for a 1° box: 0.001° is 0.1 unit, 0.05° is 5 units.
				structures: [at(0.5, 0.5, false), at(0.5001, 0.5001, false), at(0.5001, 0.5001, true), at(0.55, 0.5, false)],
				bbox: [0, 0, 1, 1]
			},
			100,
			100
		);
		expect(map.located).toBe(4);
		expect(map.accompanied).toBe(1);
		expect(map.structures.map((s) => s.accompanied)).toEqual([false, true, false]);
		expect(map.grouped).toBe(false);
		expect(mergeOverlapping([])).toEqual({ structures: [], grouped: false });
		// Beyond the cap the squares grow until the points fit; the map says so.
		const grid = Array.from({ length: 10_000 }, (_, i) => ({
			x: (i % 100) * 3,
			y: Math.floor(i / 100) * 3,
			accompanied: false,
			precise: true
		}));
		expect(mergeOverlapping(grid, 20_000)).toEqual({ structures: grid, grouped: false });
		const capped = mergeOverlapping(grid, 2000);
		expect(capped.grouped).toBe(true);
		expect(capped.structures.length).toBeLessThanOrEqual(2000);
		expect(capped.structures.length).toBeGreaterThan(500);
	});
});

describe('sources', () => {
	it('names the sources and flags demo data', () => {
		expect(sourceLabel('sirene')).toBe('SIRENE (INSEE)');
		expect(sourcesText([{ source: 'demo', count: 3 }])).toBe('données de démonstration (fictives)');
		expect(
			sourcesText([
				{ source: 'sirene', count: 1234 },
				{ source: 'demo', count: 5 },
				{ source: 'csv', count: 1 },
				{ source: 'xlsx', count: 2 }
			])
		).toBe(`SIRENE (INSEE) : 1${NNBSP}234 ; données de démonstration (fictives) : 5 ; tableau importé : 3`);
		expect(sourcesText([])).toBe('aucune donnée');
		expect(hasDemo([{ source: 'sirene', count: 3 }])).toBe(false);
		expect(hasDemo([{ source: 'demo', count: 1 }])).toBe(true);
	});
});

const figures = (over: Partial<PortraitInput['figures']> = {}): PortraitInput['figures'] => ({
	population: 74_437,
	structures: 156,
	structures_employeuses: 100,
	jobs: { min: 1150, max: 2293, structures_with_band: 90, employers_without_band: 10 },
	structures_per_10k: 20.96,
	accompanied: 8,
	accompaniments: 8,
	accompanied_share: 8 / 156,
	emplois_concernes: 99,
	structure_sources: [{ source: 'demo', count: 156 }],
	accompaniment_sources: [{ source: 'demo', count: 8 }],
	...over
});
const input = (over: Partial<PortraitInput> = {}): PortraitInput => ({
	territory: { level: 'epci', nom: 'CA de Forbach Porte de France' },
	reference: { nom: 'Moselle', typeLiaison: 3 },
	period: { from: 2024, to: 2026 },
	figures: figures(),
	reference_figures: figures({
		population: 1_051_309,
		structures: 2500,
		structures_employeuses: 1575,
		structures_per_10k: 23.78,
		accompanied: 260,
		accompaniments: 258,
		accompanied_share: 0.104
	}),
	sectors: [
		{ code: 'sport_loisirs', label: 'Sports & loisirs', structures: 32, accompanied: 0 },
		{ code: 'culture', label: 'Arts, spectacles & patrimoine', structures: 13, accompanied: 2 }
	],
	partners: [{ kind: 'partenaire' }, { kind: 'initiative' }, { kind: 'initiative' }],
	gap: {
		indicators: { expected: 16.2, missing: 8.2, confidence: 'bonne' },
		score: 48.5,
		rank: 4,
		peers: 23,
		rank_basis: 'selon le score des manques'
	},
	...over
});

describe('key figures and proposals', () => {
	it('writes every figure in French with its reference, period and source', () => {
		const byId = Object.fromEntries(keyFigures(input()).map((f) => [f.id, f]));
		expect(byId.population).toMatchObject({ value: `74${NNBSP}437`, reference: `1${NNBSP}051${NNBSP}309 en Moselle` });
		expect(byId.structures.source).toContain('données de démonstration (fictives)');
		expect(byId.emplois).toMatchObject({
			value: `1${NNBSP}150 à 2${NNBSP}293`,
			label: 'Emplois salariés (estimation)',
			reference: 'hors 10 employeuses sans tranche d’effectifs'
		});
		expect(byId.densite).toMatchObject({ value: '21', reference: '23,8 en Moselle' });
		expect(byId.accompagnees).toMatchObject({
			label: 'Structures accompagnées (2024–2026)',
			reference: '5,1\u00a0% des structures, contre 10,4\u00a0% en Moselle'
		});
		// Each count says its unit: structures once over the period, parcours apart.
		expect(byId.accompagnees.source).toMatch(/^Structures différentes .* chacune comptée une fois · 2024–2026 · source/);
		expect(byId.accompagnements).toMatchObject({ label: 'Parcours DLA actifs (2024–2026)', value: '8' });
		expect(byId.accompagnements.source).toMatch(/^Parcours ayant franchi au moins une étape sur la période · 2024–2026/);
		expect(byId.manque).toMatchObject({ value: '8', reference: 'rang 4 sur 23 selon le score des manques' });
		expect(byId.manque.source).toContain('score 48,5 / 100');
	});
	it('drops the comparisons and the gap for the département itself', () => {
		const figuresOfDepartement = keyFigures(
			input({ territory: { level: 'departement', nom: 'Moselle' }, gap: { ...input().gap, rank: null } })
		);
		expect(figuresOfDepartement.map((f) => f.id)).not.toContain('manque');
		expect(figuresOfDepartement.find((f) => f.id === 'population')!.reference).toBeNull();
	});
	it('proposes from the figures only', () => {
		const list = proposals(input());
		expect(list[0]).toBe(
			'Aller à la rencontre d’environ 8 structures de plus pour atteindre le taux du département (16 accompagnées attendues).'
		);
		expect(list[1]).toContain('Sports & loisirs (32)');
		expect(list[1]).not.toContain('Arts');
		expect(list.at(-1)).toBe('Associer 1 partenaire et 2 initiatives du territoire à une réunion d’information.');
		const none = proposals(
			input({ gap: { ...input().gap, indicators: { expected: 3, missing: 0, confidence: 'bonne' } }, partners: [], sectors: [] })
		);
		expect(none.join(' ')).not.toContain('rencontre d’environ');
		expect(none.at(-1)).toBe('Organiser une réunion d’information sur le DLA avec la collectivité.');
	});
	it('compares sector shares, counts written beside', () => {
		const rows = sectorChartRows(
			[
				{ label: 'A', structures: 3, reference_structures: 10 },
				{ label: 'B', structures: 1, reference_structures: 30 },
				{ label: 'C', structures: 0, reference_structures: 0 }
			],
			true
		);
		expect(rows.map((r) => r.label)).toEqual(['A', 'B']);
		expect(rows[0].values).toEqual([0.75, 0.25]);
		expect(rows[0].texts).toEqual(['75\u00a0% (3)', '25\u00a0% (10)']);
	});
	it('counts structures per year, the new ones adding up to the card, and says so', () => {
		const years = [
			{ year: 2024, accompanied: 0, first_accompanied: 0, reference_accompanied: 90, reference_first_accompanied: 90 },
			{ year: 2025, accompanied: 3, first_accompanied: 3, reference_accompanied: 120, reference_first_accompanied: 80 },
			{ year: 2026, accompanied: 3, first_accompanied: 1, reference_accompanied: 100, reference_first_accompanied: 40 }
		];
		const rows = yearChartRows(years, true);
		expect(rows.map((r) => r.values)).toEqual([
			[0, 0],
			[3, 3],
			[3, 1]
		]);
		expect(rows[1].texts).toEqual(['3 (dép. 120)', '3']);
		expect(yearChartRows(years, false)[1].texts).toEqual(['3', '3']);
		expect(YEAR_SERIES).toEqual(['Accompagnées dans l’année', 'dont nouvelles sur la période']);
		// 0 + 3 + 3 = 6 structure-years, but 4 structures: the note writes the sum that makes the card.
		expect(yearChartNote(years, '2024–2026')).toBe(
			'Une structure compte dans chaque année où elle a franchi une étape de son parcours ; les nouvelles (première étape de la période) s’additionnent : 0 + 3 + 1 = 4 structures accompagnées sur 2024–2026.'
		);
		expect(yearChartNote(years.slice(2), '2026')).toMatch(/s’additionnent : 1 structure accompagnée sur 2026\.$/);
	});
	it('shows the same slides in slide mode and in PowerPoint, one more for the département', () => {
		expect(portraitSlides(false)).toEqual(['titre', 'chiffres', 'carte', 'secteurs', 'activite', 'manques', 'contacts']);
		expect(portraitSlides(true)).toEqual(['titre', 'chiffres', 'carte', 'ou', 'secteurs', 'activite', 'manques', 'contacts']);
	});
	it('turns the SVG paths of the map into PowerPoint freeform points', () => {
		expect(pathPoints('M10 20L30 40L10 40ZM0 0L5 5Z', 0.5)).toEqual([
			{ x: 5, y: 10, moveTo: true },
			{ x: 15, y: 20 },
			{ x: 5, y: 20 },
			{ close: true },
			{ x: 0, y: 0, moveTo: true },
			{ x: 2.5, y: 2.5 },
			{ close: true }
		]);
	});
});

describe('access to portraits and share links', () => {
	it('lets readers see portraits, only the team create or revoke links, anyone open a link', () => {
		expect(requiredAccess('/portrait/[level]/[code]', 'GET', '?de=2024&a=2026')).toBe('read');
		expect(requiredAccess('/portrait/[level]/[code]/pdf', 'GET', '')).toBe('read');
		expect(requiredAccess('/(app)/portrait/[level]/[code]/slides.pptx', 'GET', '?de=2024&a=2026')).toBe('read');
		expect(requiredAccess('/portrait/[level]/[code]/slides.pptx', 'POST', '')).toBe('admin');
		for (const action of ['?/partager', '?/revoquer']) {
			const access = requiredAccess('/portrait/[level]/[code]', 'POST', action);
			expect(access).toBe('write');
			expect(can('lecteur', access as 'write')).toBe(false);
			expect(can('charge_mission', access as 'write')).toBe(true);
		}
		expect(requiredAccess('/partage/[token]', 'GET', '?mode=diapo')).toBe('public');
		expect(requiredAccess('/partage/[token]/pdf', 'GET', '')).toBe('public');
		// A mutation under /partage would be public: none exists, and an unknown one elsewhere stays admin-only.
		expect(requiredAccess('/portrait/[level]/[code]', 'POST', '?/supprimer')).toBe('admin');
	});
	it('renders PDFs from the server itself rather than through a public proxy', () => {
		const url = new URL('https://maillage.example.org/portrait/epci/1/pdf');
		expect(internalOrigin(url, { PORT: '3000', HOST: '0.0.0.0' })).toBe('http://127.0.0.1:3000');
		expect(internalOrigin(url, { PORT: '3000', HOST: '::' })).toBe('http://127.0.0.1:3000');
		expect(internalOrigin(url, { PORT: '8080', HOST: '10.0.0.5' })).toBe('http://10.0.0.5:8080');
		expect(internalOrigin(url, {})).toBe('https://maillage.example.org');
	});
	it('finds Chromium where MAILLAGE_CHROMIUM says, and says in French when it is absent', () => {
		expect(chromiumPath({ MAILLAGE_CHROMIUM: '/nulle/part/chromium' })).toBeNull();
		expect(chromiumPath({ MAILLAGE_CHROMIUM: process.execPath })).toBe(process.execPath);
		expect(CHROMIUM_MISSING).toMatch(/^Export PDF indisponible : Chromium n’est pas installé/);
	});
});
