// Online registration in a real browser, on the demo territory: the team creates the registration
// link of an event, a visitor (a fresh context, no session) registers with an invited person's
// address and another visitor with an unknown one; the event page shows both as « inscrit·e (en
// ligne) », the matched one on its invitation line. Then the person who registered comes, and
// /bilan shows « issues de rencontres » for the year as the indicators API counts it.
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

describe.each(BACKENDS)('online registration on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('creates the registration link, registers in a fresh context, shows the registrant on the event, and /bilan shows the figure', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const base = session.server.url;
		await page.goto(`${base}/rencontres?territoire=zone:est`);
		await page.getByLabel('Titre').fill(`Atelier inscriptions ${backend}`);
		await page.getByLabel('Adresse du lieu').fill('Salle des fêtes, Forbach');
		await Promise.all([page.waitForURL(/\/rencontres\/\d+$/), page.getByRole('button', { name: 'Créer la rencontre' }).click()]);
		const url = page.url();
		const filterForm = page.getByTestId('invite-filter');
		await filterForm.getByRole('button', { name: 'Ajouter à la liste' }).click();
		await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/ajoutées? à la liste/);
		// An invited person with an address: the registration will be matched to their line.
		const emails = (await page.getByTestId('invite-line').locator('td:nth-child(5)').allTextContents()).filter((e) => e.includes('@'));
		expect(emails.length).toBeGreaterThan(0);
		const invited = emails[0].trim();

		expect(await page.getByTestId('registration-link-state').textContent()).toContain('Aucun lien actif');
		await page.getByRole('button', { name: 'Créer le lien d’inscription' }).click();
		const link = await (await page.getByTestId('registration-link').elementHandle())!.inputValue();
		expect(link).toMatch(/\/inscription\/[\w-]{20,}$/);
		await screenshot(page, `inscriptions-${backend}-lien`);

		// A visitor without a session, without JavaScript.
		const visitor = await session.browser.newContext({ javaScriptEnabled: false });
		const form = await visitor.newPage();
		await form.goto(link);
		expect(await form.locator('h1').textContent()).toBe(`Atelier inscriptions ${backend}`);
		expect(await form.getByLabel(/J’accepte que le DLA me contacte/).isChecked()).toBe(false);
		await form.getByLabel('Votre nom').fill('Personne Invitée');
		await form.getByLabel('Votre structure').fill('Ma structure');
		await form.getByLabel('Votre adresse électronique').fill(invited);
		await form.getByLabel(/J’accepte que le DLA me contacte/).check();
		await screenshot(form, `inscriptions-${backend}-formulaire`);
		await form.getByRole('button', { name: 'M’inscrire' }).click();
		await expect.poll(() => form.getByTestId('registration-done').textContent()).toContain('votre inscription est enregistrée');
		await screenshot(form, `inscriptions-${backend}-merci`);
		await form.goto(link);
		await form.getByLabel('Votre nom').fill('Quelqu’un d’Ailleurs');
		await form.getByLabel('Votre structure').fill('Association inconnue');
		await form.getByLabel('Votre adresse électronique').fill(`ailleurs-${backend}@example.org`);
		await form.getByRole('button', { name: 'M’inscrire' }).click();
		await expect.poll(() => form.getByTestId('registration-done').count()).toBe(1);
		expect(await form.content()).not.toContain(invited);
		await visitor.close();

		await page.goto(url);
		const registrations = page.getByTestId('registration');
		await expect.poll(() => registrations.count()).toBe(2);
		expect(await page.getByTestId('registrations').textContent()).toContain('Association inconnue');
		const matchedLine = page.getByTestId('invite-line').filter({ hasText: invited });
		expect(await matchedLine.getByTestId('en-ligne').textContent()).toBe('inscrit·e (en ligne)');
		expect(await page.getByTestId('registration-link-state').textContent()).toMatch(/Lien actif, créé le \S+ \d+ \S+ \d{4}\./);
		await screenshot(page, `inscriptions-${backend}-liste`);

		// The person came (the event is today): the year's figure on /bilan is the API's.
		await matchedLine.getByRole('button', { name: /^Présent : / }).click();
		await expect.poll(() => page.getByTestId('rencontre-outcomes').count()).toBe(1);
		const year = new Date().getFullYear();
		const api = await (await page.request.get(`${base}/api/indicators?level=departement&de=${year}&a=${year}`)).json();
		const venues = api.rows[0].rencontres_structures as number;
		expect(venues).toBeGreaterThanOrEqual(1);
		await page.goto(`${base}/bilan?de=${year - 1}&a=${year}`);
		const row = page.getByTestId('bilan-rencontres').locator('tr', { has: page.locator(`th:text-is("${year}")`) });
		expect(await row.locator('td').first().textContent()).toBe(String(venues));
		await row.scrollIntoViewIfNeeded();
		await screenshot(page, `inscriptions-${backend}-bilan`);
		expect(errors).toEqual([]);
		await page.close();
	});
});
