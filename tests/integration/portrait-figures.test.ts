// Figures that add up, on the demo data and both backends: for a commune, an EPCI, a zone and the
// département, the per-year chart and the « structures accompagnées » card count the same unit
// (structures) and agree the documented way — the new structures of each year add up to the card,
// every year is at most the card, and the card at most the sum of the years — and both match a
// count made here from the raw accompaniments. Then the PowerPoint export of the département:
// the slide mode's slides, native charts and texts, the DLA's phone and email, the presenter only
// when asked.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortraitView } from '../../src/lib/dto/portrait';
import { formatInteger } from '../../src/lib/domain/format';
import { yearChartNote, yearChartRows } from '../../src/lib/domain/portrait/charts';
import { periodLabel, periodYears } from '../../src/lib/domain/portrait/period';
import { portraitSlides } from '../../src/lib/domain/portrait/slides';
import { svgMap } from '../../src/lib/domain/portrait/svg-map';
import type { TerritoryLevel } from '../../src/lib/domain/territory/levels';
import { loadDlaInfo } from '../../src/lib/server/dla';
import { portraitPptx } from '../../src/lib/server/portrait-pptx';
import { territoryPortrait, type PortraitOptions } from '../../src/lib/server/queries/portraits';
import { loadSectorLabels } from '../../src/lib/server/reference';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { testConfig } from '../helpers/config';

const thisYear = new Date().getFullYear();
const PERIOD = { from: thisYear - 2, to: thisYear };
const STEPS = ['date_accueil', 'date_diagnostic', 'date_plan', 'date_ingenierie', 'date_suivi'] as const;

interface Row {
	actor_id: number;
	commune: string;
	epci: string | null;
	zone: string | null;
	departement: string;
	days: (string | Date | null)[];
}

const yearOf = (day: string | Date) => (typeof day === 'string' ? Number(day.slice(0, 4)) : day.getFullYear());

/** Per year, the structures of the territory that reached a stage in it: counted here, in JS, from the raw rows. */
function expectedYears(rows: Row[], level: TerritoryLevel, code: string) {
	const column = { commune: 'commune', epci: 'epci', zone: 'zone', departement: 'departement' } as const;
	const perYear = new Map<number, Set<number>>(periodYears(PERIOD).map((y) => [y, new Set()]));
	for (const r of rows) {
		if (r[column[level as keyof typeof column]] !== code) continue;
		for (const day of r.days) if (day !== null && perYear.has(yearOf(day))) perYear.get(yearOf(day))!.add(r.actor_id);
	}
	const all = new Set([...perYear.values()].flatMap((s) => [...s]));
	return { perYear, all };
}

describe.each(BACKENDS)('portrait figures that add up on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	let options: PortraitOptions;
	let rows: Row[];
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { demo: true });
		const config = testConfig();
		options = {
			departement: { code: '57', nom: 'Moselle', typeLiaison: 3 },
			sectorLabels: await loadSectorLabels(config.dataDir),
			priority: { nom: 'Est & Sud', zones: ['est', 'sud'] },
			// The rank is not what this file checks: the indicators' rank costs less than the full analysis per territory.
			gapSource: async () => null
		};
		const raw = await handle.db
			.selectFrom('accompaniment as ac')
			.innerJoin('actor as a', 'a.id', 'ac.actor_id')
			.innerJoin('territory as c', (j) => j.onRef('c.code', '=', 'a.commune_code').on('c.level', '=', 'commune'))
			.select([
				'ac.actor_id',
				'c.code as commune',
				'c.epci_code as epci',
				'c.zone_code as zone',
				'c.departement_code as departement',
				...STEPS
			])
			.where('a.kind', '=', 'structure_ess')
			.execute();
		rows = raw.map((r) => ({
			actor_id: r.actor_id,
			commune: r.commune,
			epci: r.epci,
			zone: r.zone,
			departement: r.departement!,
			days: STEPS.map((s) => r[s] as string | Date | null)
		}));
	});
	afterAll(async () => handle?.drop());

	/** The territories of a level with the most structures accompanied over the period, plus the first by code. */
	async function sample(level: TerritoryLevel, n: number): Promise<string[]> {
		const key = { commune: 'commune', epci: 'epci', zone: 'zone', departement: 'departement' }[level as string] as keyof Row;
		const counts = new Map<string, Set<number>>();
		for (const r of rows)
			if (r.days.some((d) => d !== null && yearOf(d) >= PERIOD.from && yearOf(d) <= PERIOD.to)) {
				const code = r[key] as string | null;
				if (code) counts.set(code, (counts.get(code) ?? new Set()).add(r.actor_id));
			}
		return [...counts.entries()]
			.sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
			.slice(0, n)
			.map(([code]) => code);
	}

	it.each([
		['commune', 3],
		['epci', 3],
		['zone', 4],
		['departement', 1]
	] as const)('agrees at level %s: chart per year and card count structures, the new ones add up to the card', async (level, n) => {
		const codes = await sample(level, n);
		expect(codes.length).toBe(n);
		for (const code of codes) {
			const p = (await territoryPortrait(handle.db, level, code, PERIOD, options))!;
			const card = p.figures.accompanied;
			const { perYear, all } = expectedYears(rows, level, code);
			expect(card, `${level} ${code} : carte`).toBe(all.size);
			expect(card).toBeGreaterThan(0);
			expect(p.years.map((y) => y.year)).toEqual(periodYears(PERIOD));
			for (const y of p.years) {
				expect(y.accompanied, `${level} ${code} ${y.year}`).toBe(perYear.get(y.year)!.size);
				expect(y.accompanied).toBeLessThanOrEqual(card);
				expect(y.first_accompanied).toBeLessThanOrEqual(y.accompanied);
			}
			// The documented relation: new ones add up to the card; the card is at most the sum of the years.
			expect(p.years.reduce((s, y) => s + y.first_accompanied, 0)).toBe(card);
			expect(card).toBeLessThanOrEqual(p.years.reduce((s, y) => s + y.accompanied, 0));
			// What the chart draws is these counts, and its note writes the sum that makes the card.
			const chart = yearChartRows(p.years, level !== 'departement');
			expect(chart.map((r) => r.values)).toEqual(p.years.map((y) => [y.accompanied, y.first_accompanied]));
			expect(yearChartNote(p.years, periodLabel(PERIOD))).toContain(`= ${formatInteger(card)} structure`);
			// The parcours card counts another unit: at least one parcours per accompanied structure.
			expect(p.figures.accompaniments).toBeGreaterThanOrEqual(card);
			// The reference is the département's own per-year count.
			if (level !== 'departement')
				expect(p.years.reduce((s, y) => s + y.reference_first_accompanied, 0)).toBe(p.reference_figures.accompanied);
		}
	});

	it('exports the département as an editable PowerPoint: the same slides, native charts and texts', async () => {
		const portrait = (await territoryPortrait(handle.db, 'departement', '57', PERIOD, options))!;
		const dla = { ...(await loadDlaInfo(testConfig().dataDir)), telephone: '03 87 00 00 01', courriel: 'dla@exemple.test' };
		const view: PortraitView = { ...portrait, map: svgMap(portrait.map, 600, 400), dla, testimonials: [] };
		const file = await portraitPptx(view, {
			generated: '1 janvier 2026',
			presenter: { nom: 'Camille Chargée', email: 'camille@exemple.test' }
		});
		const zip = await JSZip.loadAsync(file);
		const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
		expect(slides).toHaveLength(portraitSlides(true).length);
		const xml = async (n: number) => zip.file(`ppt/slides/slide${n}.xml`)!.async('string');
		expect(await xml(1)).toContain('Moselle');
		expect(await xml(2)).toContain('Structures accompagnées');
		// Slide 4, « Où le DLA manque »: the zones and the first EPCI of the ranking as a native table, the map as freeform shapes.
		const ou = await xml(4);
		expect(ou).toContain('Où le DLA manque');
		for (const zone of ['Est', 'Sud', 'Metz', 'Nord']) expect(ou).toContain(`<a:t>${zone}`);
		expect(ou).toContain(portrait.departement_gaps!.epci[0].nom.replace(/'/g, '&apos;'));
		expect(ou).toContain('<a:tbl>');
		expect(ou).toContain('<a:custGeom>');
		// Native charts: sectors and years, with the per-year counts as their values.
		const charts = Object.keys(zip.files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f));
		expect(charts.length).toBeGreaterThanOrEqual(2);
		const chartXml = (await Promise.all(charts.map((c) => zip.file(c)!.async('string')))).join('\n');
		expect(chartXml).toContain('Accompagnées dans l’année');
		for (const y of portrait.years) expect(chartXml).toContain(`<c:v>${y.accompanied}</c:v>`);
		const contact = await xml(8);
		expect(contact).toContain('Contacter le DLA');
		expect(contact).toContain('03 87 00 00 01');
		expect(contact).toContain('dla@exemple.test');
		expect(contact).toContain('Camille Chargée');
		// Without the officer's choice, no name of theirs.
		const plain = await JSZip.loadAsync(await portraitPptx(view, { generated: '1 janvier 2026' }));
		expect(await plain.file('ppt/slides/slide8.xml')!.async('string')).not.toContain('Camille');
	});
});
