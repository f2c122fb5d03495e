// Every main page on a phone (390×844): nothing wider than the screen — tables scroll in their own
// frame, the parcours board sideways, the explorer's controls fold into a sheet over the map.
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, pageWidths, PHONE, screenshot, signedInContext } from '../helpers/browser';
import { ADMIN } from '../helpers/server';
import { createTripThroughApi, sessionJson, useBrowserSession } from '../helpers/session';

describe.each(BACKENDS)('pages on a phone on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('shows every main page without horizontal overflow at 390 px', async () => {
		const base = session.server.url;
		const get = sessionJson(session);
		const actors = (await get('/api/actors?kind=structure_ess&zone=nord&par=3&tri=nom')).rows as { id: number }[];
		const tripId = await createTripThroughApi(session, {
			name: 'Tournée vue sur téléphone',
			date_start: '2026-12-03',
			actor_ids: actors.map((a) => a.id)
		});
		const epci = (await get('/api/gaps?level=epci')).rows[0].code as string;

		const phone = await signedInContext(session.browser, base, ADMIN, PHONE);
		try {
			const page = await phone.newPage();
			const errors = collectErrors(page);
			const pages: [string, string, string][] = [
				['explorer', '/', '[data-map-ready="true"]'],
				['gaps', '/gaps', 'table tbody tr'],
				['portrait', `/portrait/epci/${epci}`, 'h1'],
				['trips', '/trips', 'h1'],
				['trip', `/trips/${tripId}`, '[data-testid="trip-stop"]'],
				['parcours', '/parcours', '[data-testid^="column-"], .column'],
				['parcours-a-faire', '/parcours/a-faire', 'h1'],
				['parcours-entonnoir', '/parcours/entonnoir', 'h1'],
				['terrain', '/terrain', 'h1'],
				['terrain-trip', `/terrain/${tripId}`, '[data-testid="terrain-stop"]']
			];
			for (const [name, path, ready] of pages) {
				await page.goto(`${base}${path}`);
				await page.waitForSelector(ready, { timeout: 60_000 });
				await page.waitForLoadState('networkidle');
				expect({ path, ...(await pageWidths(page)) }).toEqual({ path, scrollWidth: 390, innerWidth: 390 });
				await screenshot(page, `mobile-${backend}-${name}`);
			}

			// The explorer's controls: a sheet folded to the search, opened and folded by its button.
			await page.goto(`${base}/`);
			await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
			const toggle = page.getByRole('button', { name: 'Menu et filtres' });
			const filters = page.getByRole('region', { name: 'Filtres des acteurs' });
			expect(await toggle.getAttribute('aria-expanded')).toBe('false');
			expect(await filters.isVisible()).toBe(false);
			expect(await page.getByRole('combobox', { name: 'Rechercher un acteur ou un territoire' }).isVisible()).toBe(true);
			await toggle.click();
			await expect.poll(() => filters.isVisible()).toBe(true);
			expect(await page.getByRole('button', { name: 'Replier' }).getAttribute('aria-expanded')).toBe('true');
			expect(await pageWidths(page)).toEqual({ scrollWidth: 390, innerWidth: 390 });
			await screenshot(page, `mobile-${backend}-explorer-sheet`);
			await page.getByRole('button', { name: 'Replier' }).click();
			await expect.poll(() => filters.isVisible()).toBe(false);
			expect(errors).toEqual([]);
		} finally {
			await phone.close();
		}
	});
});
