// The README's first start, as a new user lives it (issue 12, item 1): a brand-new database, the
// default settings (no MAILLAGE_ADMIN_EMAIL / MAILLAGE_ADMIN_PASSWORD), the one-time password read
// from the server log, sign-in as admin@localhost, the forced password change, then the map.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchBrowser, screenshot } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

describe('first start with the default settings (PGlite)', () => {
	let server: RunningServer;
	let browser: Browser;

	beforeAll(async () => {
		[server, browser] = await Promise.all([
			// undefined removes the test administrator the helper sets by default.
			startServer('pglite', { MAILLAGE_ADMIN_EMAIL: undefined, MAILLAGE_ADMIN_PASSWORD: undefined }),
			launchBrowser()
		]);
	}, 400_000);
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	it('signs in as admin@localhost with the printed password, changes it, and reaches the map', async () => {
		const printed = server.output().match(/Premier compte administrateur : (\S+) — mot de passe à usage unique : (\S+)/);
		expect(printed, server.output().slice(-2000)).not.toBeNull();
		const [, email, oneTime] = printed!;
		expect(email).toBe('admin@localhost');

		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await context.newPage();
		const errors = collectErrors(page);
		await page.goto(server.url);
		expect(new URL(page.url()).pathname).toBe('/login');
		await page.getByLabel('Adresse électronique').fill(email);
		await page.getByLabel('Mot de passe').fill(oneTime);
		await Promise.all([
			page.waitForURL((url) => url.pathname === '/compte', { timeout: 90_000 }),
			page.getByRole('button', { name: 'Se connecter' }).click()
		]);
		await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Première connexion');
		await screenshot(page, 'first-start-password-change');

		// Until the password is changed, the map sends back to the account page.
		await page.goto(server.url);
		expect(new URL(page.url()).pathname).toBe('/compte');

		const chosen = 'mon-mot-de-passe-a-moi';
		await page.getByLabel('Mot de passe actuel').fill(oneTime);
		await page.getByLabel('Nouveau mot de passe').fill(chosen);
		await page.getByLabel('Confirmation').fill(chosen);
		await page.getByRole('button', { name: 'Enregistrer' }).click();
		await expect.poll(() => page.getByText('Mot de passe changé').count(), { timeout: 30_000 }).toBe(1);

		await page.getByRole('link', { name: 'Carte', exact: true }).click();
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		expect(new URL(page.url()).pathname).toBe('/');
		const communes = await page.evaluate(
			() => new Set(window.maillageMap.queryRenderedFeatures({ layers: ['communes-fill'] }).map((f) => f.properties.code)).size
		);
		expect(communes).toBe(725);
		await screenshot(page, 'first-start-map');
		expect(errors).toEqual([]);
		await context.close();
	});
});
