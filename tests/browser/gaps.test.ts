// The gap screen in a real browser on the demo territory: the ranking (sorted, figures that agree
// with the API), the Est & Sud preset, a territory's summary and map selection, and the matrix's
// links to the structures behind a cell.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, mapIdle, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

const number = (text: string | null) => Number((text ?? '').replace(/[\s\u202f\u00a0]/g, '').replace(',', '.'));
const rows = (page: Page) => page.getByTestId('gap-table').locator('tbody tr');

describe.each(BACKENDS)('gap screen on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('ranks the EPCI, narrows to Est & Sud, opens a summary, and links a matrix cell to its structures', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		await page.goto(`${session.server.url}/gaps?level=epci`);
		await page.waitForSelector('.gap-map[data-map-ready="true"]', { timeout: 60_000 });
		await expect.poll(() => rows(page).count()).toBe(23);

		// Scores are in decreasing order and agree with the API.
		const scores = (await page.getByTestId('gap-table').locator('tbody td.score .value').allTextContents()).map(number);
		expect(scores).toEqual([...scores].sort((a, b) => b - a));
		const api = await (await page.request.get(`${session.server.url}/api/gaps?level=epci`)).json();
		expect(await rows(page).first().locator('th').textContent()).toContain(api.rows[0].nom);

		await page.getByRole('button', { name: 'Est & Sud' }).click();
		await expect.poll(() => page.url()).toContain('zone=est%2Csud');
		await expect.poll(() => rows(page).count()).toBe(11);
		expect(await page.getByRole('button', { name: 'Est & Sud' }).getAttribute('aria-pressed')).toBe('true');

		// A click on the first territory opens its summary and selects it.
		const first = rows(page).first().locator('th button');
		const nom = (await first.textContent())!.trim();
		await first.click();
		await expect.poll(() => page.url()).toMatch(/[?&]t=\d{9}/);
		const panel = page.getByTestId('gap-panel');
		await expect.poll(() => panel.locator('h2').textContent()).toContain(nom);
		const summary = (await page.getByTestId('gap-summary').textContent())!;
		expect(summary).toMatch(/structures? de l’ESS/);
		expect(summary).toContain(nom.replace(/^(CC|CA) /, ''));
		await mapIdle(page, 'maillageGapMap');
		await screenshot(page, `gaps-${backend}-est-sud`);
		await page.screenshot({ path: `tests/artifacts/gaps-${backend}-est-sud-full.png`, fullPage: true });

		// The matrix: a cell's link opens the explorer on exactly its structures.
		const cell = page.locator('section.matrix td a').first();
		const [, structures] = (await cell.textContent())!.split('/').map(number);
		await cell.click();
		await page.waitForURL(/kind=structure_ess/);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		const total = () =>
			page
				.getByTestId('actor-total')
				.textContent()
				.then((t) => Number(t!.replace(/\D/g, '')));
		await expect.poll(total).toBeGreaterThan(0);
		const link = new URL(page.url());
		const accompaniedLink = link.searchParams.get('periode') === 'sans';
		// The cell counts all its structures when none is accompanied, else links to the others.
		if (!accompaniedLink) expect(await total()).toBe(structures);
		else expect(await total()).toBeLessThanOrEqual(structures);
		await mapIdle(page);
		await screenshot(page, `gaps-${backend}-cell-in-explorer`);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('refuses a bad parameter with a message and shows the default analysis', async () => {
		const page = await session.context.newPage();
		await page.goto(`${session.server.url}/gaps?level=canton`);
		await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('level');
		await expect.poll(() => rows(page).count()).toBe(23);
		await page.close();
	});
});
