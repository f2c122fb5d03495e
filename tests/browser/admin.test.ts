// Account pages in a real browser: the administrator creates an account, its one-time password
// works once and must be changed, and the audit log shows what happened.
import { describe, expect, it } from 'vitest';
import { openBeforeHydration, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

describe('accounts and audit log (PGlite)', () => {
	const session = useBrowserSession('pglite', { MAILLAGE_DEMO: 'off' });

	it('creates a reader account, whose first login must change the password, and logs it', async () => {
		const page = await session.context.newPage();
		await page.goto(`${session.server.url}/admin/utilisateurs`);
		await page.getByLabel('Adresse électronique').fill('lectrice@maillage.test');
		await page.getByLabel('Nom', { exact: true }).fill('Lectrice');
		await page.locator('form[action="?/create"] select[name="role"]').selectOption('lecteur');
		await page.getByRole('button', { name: 'Créer' }).click();
		const message = (await page.getByRole('status').textContent()) ?? '';
		const oneTime = message.match(/à transmettre : ([\w-]+)/)?.[1];
		expect(oneTime).toBeDefined();
		await screenshot(page, 'admin-users');

		const reader = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
		const readerPage = await reader.newPage();
		// A slow phone: the reader types before the page's script has run, and hydration keeps it.
		const login = await openBeforeHydration(readerPage, `${session.server.url}/`);
		expect(new URL(readerPage.url()).pathname).toBe('/login');
		await readerPage.getByLabel('Adresse électronique').fill('lectrice@maillage.test');
		await readerPage.getByLabel('Mot de passe').fill(oneTime!);
		await login.hydrate();
		expect(await readerPage.getByLabel('Adresse électronique').inputValue()).toBe('lectrice@maillage.test');
		await readerPage.getByRole('button', { name: 'Se connecter' }).click();
		await expect.poll(() => readerPage.url()).toContain('/compte?premiere=1');
		await readerPage.getByLabel('Mot de passe actuel').fill(oneTime!);
		await readerPage.getByLabel('Nouveau mot de passe').fill('un mot de passe de lectrice');
		await readerPage.getByLabel('Confirmation').fill('un mot de passe de lectrice');
		await readerPage.getByRole('button', { name: 'Enregistrer' }).click();
		await expect.poll(() => readerPage.getByRole('status').last().textContent()).toContain('Mot de passe changé');
		await screenshot(readerPage, 'account-password-changed');
		// A reader may not open the administration.
		const forbidden = await readerPage.goto(`${session.server.url}/admin/journal`);
		expect(forbidden?.status()).toBe(403);
		await reader.close();

		// The journal says it in sentences; the sign-ins have their own tab.
		await page.goto(`${session.server.url}/admin/journal`);
		const log = page.getByTestId('audit-log');
		await expect.poll(() => log.textContent()).toContain('Administration a créé le compte de Lectrice (lecteur·rice)');
		expect(await log.textContent()).not.toContain('a changé son mot de passe');
		expect(await log.textContent()).not.toContain('Connexion de');
		// The raw values are still there, folded.
		const created = log.locator('li', { hasText: 'a créé le compte de Lectrice' });
		await created.getByText('Détail').click();
		await expect.poll(() => created.locator('dl').textContent()).toContain('"email":"lectrice@maillage.test"');
		await screenshot(page, 'admin-journal');

		// Filtering by kind of event: the accounts only; an empty kind says so.
		await page.getByLabel('Type d’événement').selectOption('tournees');
		await expect.poll(() => page.url()).toContain('type=tournees');
		await expect.poll(() => log.textContent()).toContain('Aucun événement de ce type');
		await page.getByLabel('Type d’événement').selectOption('comptes');
		await expect.poll(() => log.textContent()).toContain('a créé le compte de Lectrice');

		await page.getByRole('link', { name: 'Connexions' }).click();
		await expect.poll(() => log.textContent()).toContain('Lectrice a changé son mot de passe');
		expect(await log.textContent()).toContain('Connexion de Lectrice');
		expect(await log.textContent()).not.toContain('a créé le compte');
		await screenshot(page, 'admin-journal-connexions');
		await page.close();
	});
});
