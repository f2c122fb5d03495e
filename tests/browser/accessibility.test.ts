// axe-core on the pages a newcomer meets first, signed in, as they stand once loaded: the explorer
// (with the search's results and the list open too), the gap screen and the trips. No serious or
// critical issue. (The portrait is checked in portrait-officials.test.ts, the parcours screens in
// parcours.test.ts.)
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { mapIdle, seriousAccessibilityIssues } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

const MAP_READY = { timeout: 60_000 };

describe.each(BACKENDS)('accessibility on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('finds no serious issue on the explorer, its search results and its list', async () => {
		const page = await session.context.newPage();
		await page.goto(session.server.url);
		await page.waitForSelector('[data-map-ready="true"]', MAP_READY);
		await mapIdle(page);
		expect(await seriousAccessibilityIssues(page)).toEqual([]);

		await page.getByRole('combobox', { name: 'Rechercher un acteur ou un territoire' }).fill('metz');
		await page.getByRole('listbox', { name: 'Résultats' }).getByRole('group').first().waitFor({ timeout: 20_000 });
		expect(await seriousAccessibilityIssues(page)).toEqual([]);
		await page.keyboard.press('Escape');

		await page.getByRole('button', { name: 'Voir la liste et exporter' }).click();
		await page.getByTestId('actor-list').locator('tbody tr').first().waitFor({ timeout: 20_000 });
		expect(await seriousAccessibilityIssues(page)).toEqual([]);
		await page.close();
	});

	it('finds no serious issue on the gap screen', async () => {
		const page = await session.context.newPage();
		await page.goto(`${session.server.url}/gaps`);
		await page.waitForSelector('.gap-map[data-map-ready="true"]', MAP_READY);
		await mapIdle(page, 'maillageGapMap');
		expect(await seriousAccessibilityIssues(page)).toEqual([]);
		await page.close();
	});

	it('finds no serious issue on the trips', async () => {
		const page = await session.context.newPage();
		await page.goto(`${session.server.url}/trips`);
		await page.getByRole('heading', { level: 1 }).waitFor();
		expect(await seriousAccessibilityIssues(page)).toEqual([]);
		await page.close();
	});
});
