// The evaluation screens in a real browser on the demo territory: /bilan draws its charts with the
// figures of /api/indicators, the coverage map follows its slider, and an admin edits a target on
// /bilan/objectifs (a refused value named, then a saved one shown with its progress).
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, mapIdle, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

describe.each(BACKENDS)('bilan on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('draws the indicators of the département and its zones, the rates and the change in coverage', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const year = new Date().getFullYear();
		await page.goto(`${session.server.url}/bilan?de=${year - 4}&a=${year}`);
		await expect.poll(() => page.locator('[data-plot-ready="true"]').count(), { timeout: 30_000 }).toBe(3);
		expect(await page.getByRole('link', { name: 'Bilan', exact: true }).getAttribute('aria-current')).toBe('page');

		// The département's figure of the table is the API's.
		const api = await (await page.request.get(`${session.server.url}/api/indicators?level=departement&de=${year - 4}&a=${year}`)).json();
		const last = api.rows.find((r: { year: number }) => r.year === year - 1);
		const table = page.locator('details', { hasText: 'Tableau : Structures accueillies' });
		await table.locator('summary').click();
		const cells = await table.locator('tbody tr').first().locator('td').allTextContents();
		expect(cells).toHaveLength(5);
		expect(Number(cells[3].replace(/\D/g, ''))).toBe(last.accueillies);
		expect(await table.locator('tbody tr th').allTextContents()).toEqual(['Moselle', 'Est', 'Metz', 'Nord', 'Sud']);

		await page.getByRole('region', { name: 'Indicateurs par année' }).getByRole('combobox').selectOption('budget_eur');
		await expect.poll(() => page.getByRole('img', { name: /Budget d’ingénierie \(€\) par année et par zone/ }).count()).toBe(1);
		await expect.poll(() => page.locator('[data-plot-ready="true"]').count()).toBe(3);

		// The rates of Est and Sud against Metz and Nord.
		await expect
			.poll(() => page.getByRole('heading', { name: /Taux d’accompagnement : Est et Sud face aux autres zones/ }).count())
			.toBe(1);

		// The change in coverage: a slider, the compared periods said, the EPCI ranked.
		await page.waitForSelector('.map-box[data-map-ready="true"]', { timeout: 60_000 });
		const status = page.locator('.compare');
		expect(await status.textContent()).toBe(`${year - 1} comparée à ${year - 2}`);
		await page.getByLabel('Durée de chaque période').selectOption('2');
		await expect.poll(() => status.textContent()).toBe(`${year - 2}–${year - 1} comparée à ${year - 4}–${year - 3}`);
		const slider = page.getByRole('slider');
		await slider.focus();
		await page.keyboard.press('ArrowLeft');
		await expect.poll(() => status.textContent()).toBe(`${year - 3}–${year - 2} comparée à ${year - 5}–${year - 4}`);
		await page.keyboard.press('ArrowRight');
		const ranked = page.locator('details', { hasText: 'EPCI classés' }).locator('tbody tr');
		await expect.poll(() => ranked.count()).toBeGreaterThan(15);
		await mapIdle(page, 'maillageCoverageMap');
		await page.screenshot({ path: `tests/artifacts/bilan-${backend}.png`, fullPage: true });
		expect(errors).toEqual([]);

		// A bad request to the API is a 400 naming the parameter.
		const bad = await page.request.get(`${session.server.url}/api/indicators?level=canton`);
		expect([bad.status(), (await bad.json()).error.field]).toEqual([400, 'level']);
		const long = await page.request.get(`${session.server.url}/api/indicators?from=2000&to=2040`);
		expect([long.status(), (await long.json()).error.message]).toEqual([400, 'to : 30 années au plus : resserrez la période']);
		await page.close();
	});

	it('lets an admin change a target, refusing a rate above 100 %', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		await page.goto(`${session.server.url}/bilan/objectifs`);
		const add = page.locator('section', { hasText: 'Ajouter ou remplacer un objectif' });
		await add.getByLabel('Territoire').selectOption('zone:sud');
		await add.getByLabel('Indicateur').selectOption('taux_accompagnement');
		await add.getByLabel('Année').fill('2026');
		await add.getByLabel(/^Valeur/).fill('120');
		await add.getByRole('button', { name: 'Enregistrer l’objectif' }).click();
		await expect.poll(() => page.getByRole('alert').textContent()).toBe('value : un taux ne dépasse pas 100 %');
		expect(await add.getByLabel('Territoire').inputValue()).toBe('zone:sud');
		// The refusal's 400 is the answer expected, not an error of the page.
		errors.length = 0;

		const field = page.getByRole('textbox', { name: 'Objectif : Structures accueillies 2026, Est' });
		await field.fill('25');
		await page.getByRole('button', { name: 'Enregistrer l’objectif : Structures accueillies 2026, Est' }).click();
		await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Objectif modifié.');
		await expect.poll(() => page.getByRole('textbox', { name: 'Objectif : Structures accueillies 2026, Est' }).inputValue()).toBe('25');
		expect(await page.locator('.note').count()).toBe(0);
		const row = page.locator('tr', { has: page.getByRole('textbox', { name: 'Objectif : Structures accueillies 2026, Est' }) });
		expect(await row.locator('.badge').textContent()).toMatch(/atteint|en bonne voie|en retard|à venir/);
		await screenshot(page, `bilan-objectifs-${backend}`);
		await page.screenshot({ path: `tests/artifacts/bilan-objectifs-${backend}-full.png`, fullPage: true });

		await page.goto(`${session.server.url}/bilan`);
		const target = page
			.locator('section', { hasText: 'Objectifs' })
			.locator('tr', { hasText: 'Est' })
			.filter({ hasText: 'Structures accueillies' })
			.filter({ hasText: '2026' });
		await expect.poll(() => target.locator('td.num').first().textContent()).toBe('25');
		expect(errors).toEqual([]);
		await page.close();
	});
});
