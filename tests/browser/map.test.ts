// The map shell in a real browser: the boundaries render, a click selects and opens the panel,
// the link reopens the same view, layers toggle.
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, mapIdle, screenshot, signedInContext } from '../helpers/browser';
import { ADMIN } from '../helpers/server';
import { useBrowserSession } from '../helpers/session';

describe.each(BACKENDS)('map shell on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('renders the communes, selects one on click, and the URL reopens the same view', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const t0 = Date.now();
		await page.goto(session.server.url);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		const readyMs = Date.now() - t0;

		const rendered = await page.evaluate(() => {
			const codes = window.maillageMap.queryRenderedFeatures({ layers: ['communes-fill'] }).map((f) => f.properties.code);
			return new Set(codes).size;
		});
		expect(rendered).toBe(725);
		// Actors from vector tiles: clusters at this zoom, with the status mix of their members.
		const clusters = (await page.evaluate(
			`window.maillageMap.queryRenderedFeatures({ layers: ['actors-clusters'] }).map((f) => f.properties)`
		)) as Record<string, number>[];
		expect(clusters.length).toBeGreaterThan(0);
		for (const c of clusters) expect(c.jamais + c.en_cours + c.accompagne + c.ancien + c.interrompu).toBeLessThanOrEqual(c.point_count);
		expect(clusters.some((c) => c.jamais > 0 && c.jamais < c.point_count)).toBe(true);
		await screenshot(page, `map-${backend}-overview`);

		// Click the middle of a commune: the label point PostGIS computed is inside it.
		const target = await page.evaluate(() => {
			const f = window.maillageMap.queryRenderedFeatures({ layers: ['communes-fill'] }).find((x) => x.properties.code === '57630');
			// Array properties come back from the worker serialised.
			const raw = f!.properties.label as unknown;
			const label = (Array.isArray(raw) ? raw : String(raw).replace(/[[\]]/g, '').split(',').map(Number)) as [number, number];
			const p = window.maillageMap.project(label);
			return { x: p.x, y: p.y };
		});
		await page.mouse.click(target.x, target.y);
		const panel = page.getByTestId('territory-panel');
		await expect.poll(() => panel.locator('h2').textContent()).toBe('Sarrebourg');
		expect(page.url()).toContain('t=commune%3A57630');
		expect(await panel.getByTestId('population').textContent()).toMatch(/^\d{1,3}(\u202f\d{3})*$/);
		await expect.poll(() => panel.getByRole('button', { name: 'CC Sarrebourg Moselle Sud' }).count()).toBe(1);
		await screenshot(page, `map-${backend}-selected`);

		// The link reopens the same view in a new page.
		const second = await session.context.newPage();
		await second.goto(page.url());
		await second.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await expect.poll(() => second.getByTestId('territory-panel').locator('h2').textContent()).toBe('Sarrebourg');
		const highlighted = await second.evaluate(() => window.maillageMap.queryRenderedFeatures({ layers: ['communes-selected'] }).length);
		expect(highlighted).toBeGreaterThan(0);
		await second.close();

		// Parents in the panel select the EPCI; back returns to the commune.
		await panel.getByRole('button', { name: 'CC Sarrebourg Moselle Sud' }).click();
		await expect.poll(() => panel.locator('h2').textContent()).toBe('CC Sarrebourg Moselle Sud');
		await page.goBack();
		await expect.poll(() => panel.locator('h2').textContent()).toBe('Sarrebourg');

		expect(errors).toEqual([]);
		console.log(`[bench] ${backend}: map ready in ${readyMs} ms (first load, 725 communes)`);
		await page.close();
	});

	it('toggles layers from the keyboard and keeps them in the URL', async () => {
		const page = await session.context.newPage();
		await page.goto(session.server.url);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		const communes = page.getByRole('checkbox', { name: 'Communes' });
		await communes.focus();
		await page.keyboard.press('Space');
		await expect.poll(() => page.url()).toContain('couches=epci%2Czones');
		await expect.poll(() => page.evaluate(() => window.maillageMap.getLayoutProperty('communes-fill', 'visibility'))).toBe('none');
		// The actors are a layer like the others.
		await page.getByRole('checkbox', { name: 'Acteurs' }).uncheck();
		await expect.poll(() => page.url()).toMatch(/couches=epci%2Czones(&|$)/);
		await expect
			.poll(() => page.evaluate(`window.maillageMap.queryRenderedFeatures({ layers: ['actors-clusters', 'actors-structures'] }).length`))
			.toBe(0);
		await page.getByRole('checkbox', { name: 'Acteurs' }).check();
		await expect
			.poll(() => page.evaluate(`window.maillageMap.queryRenderedFeatures({ layers: ['actors-clusters', 'actors-structures'] }).length`))
			.toBeGreaterThan(0);
		// Search a territory by name, from the keyboard.
		await page.getByRole('combobox', { name: 'Rechercher un acteur ou un territoire' }).fill('saulnoi');
		await expect
			.poll(() => page.getByRole('listbox', { name: 'Résultats' }).getByRole('option').first().textContent())
			.toContain('CC du Saulnois');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByTestId('territory-panel').locator('h2').textContent()).toBe('CC du Saulnois');
		await mapIdle(page);
		await screenshot(page, `map-${backend}-epci-keyboard`);
		await page.close();
	});

	it('works on a phone-sized screen', async () => {
		const phone = await signedInContext(session.browser, session.server.url, ADMIN, {
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true
		});
		const page = await phone.newPage();
		await page.goto(`${session.server.url}/?t=zone:est`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await expect.poll(() => page.getByTestId('territory-panel').locator('h2').textContent()).toBe('Est');
		await mapIdle(page);
		await screenshot(page, `map-${backend}-phone`);
		await phone.close();
	});
});
