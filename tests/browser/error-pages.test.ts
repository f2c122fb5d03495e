// Error pages in French that say what happened and offer a way back: inside the signed-in layout
// (with the navigation) for the team, without it for a public share link.
import { describe, expect, it } from 'vitest';
import { screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

describe('error pages (PGlite)', () => {
	const session = useBrowserSession('pglite', { MAILLAGE_DEMO: 'off' });

	it('shows an unknown address as « Page introuvable » with the navigation and the way back to the map', async () => {
		const page = await session.context.newPage();
		const response = await page.goto(`${session.server.url}/carte/ancienne-adresse`);
		expect(response?.status()).toBe(404);
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Page introuvable');
		expect(await page.getByRole('alert').textContent()).toContain('/carte/ancienne-adresse');
		expect(await page.getByRole('navigation', { name: 'Navigation principale' }).isVisible()).toBe(true);
		await screenshot(page, 'error-404-app');
		await page.getByRole('link', { name: 'Retour à la carte' }).click();
		await expect.poll(() => new URL(page.url()).pathname, { timeout: 20_000 }).toBe('/');
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await page.close();
	});

	it('keeps the message of a page that refused (an unknown trip), with the navigation', async () => {
		const page = await session.context.newPage();
		await page.goto(`${session.server.url}/`);
		const response = await page.goto(`${session.server.url}/trips/999999`);
		expect(response?.status()).toBe(404);
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('Aucune tournée 999999');
		expect(await page.getByRole('navigation', { name: 'Navigation principale' }).isVisible()).toBe(true);
		// Opened from another page: the way back to it is offered too.
		await page.getByRole('button', { name: 'Page précédente' }).click();
		await expect.poll(() => new URL(page.url()).pathname, { timeout: 20_000 }).toBe('/');
		await page.close();
	});

	it('answers outside the signed-in pages with the root error page, without the team’s navigation', async () => {
		const page = await session.context.newPage();
		// The API keeps its own 404 (no catch-all page takes it): a page asking for it gets the root one.
		const response = await page.goto(`${session.server.url}/api/inconnue`);
		expect(response?.status()).toBe(404);
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Page introuvable');
		expect(await page.getByRole('navigation', { name: 'Navigation principale' }).count()).toBe(0);
		expect(await page.getByRole('link', { name: 'Aller à l’accueil de Maillage' }).getAttribute('href')).toBe('/');
		await screenshot(page, 'error-404-public');
		await page.close();
	});
});
