// Promotion in a real browser (issue 17): an audience saved from a filter, a newsletter composed
// from blocks and previewed at desktop and phone widths (MJML in sandboxed frames), sent through a
// real SMTP server started here, its unsubscribe link honoured, its web version free of personal data.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { collectErrors, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';
import { startSmtp, unsubscribeLink } from '../helpers/smtp';

const smtp = await startSmtp();
const EMAIL = /[\w.+-]+@[\w-]+\.\w+/;

/**
 * Sends the issue on screen and waits for the delivery counts the page shows. The send's answer is
 * awaited before the first reload: a reload right after the click could cancel the form's request.
 */
async function sendAndCount(page: Page, counts: string) {
	const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/envoyer'));
	await page.getByRole('button', { name: 'Envoyer à l’audience' }).click();
	expect((await answered).ok()).toBe(true);
	await expect
		.poll(
			async () => {
				await page.reload();
				return page.getByTestId('delivery-counts').textContent();
			},
			{ timeout: 60_000, interval: 1000 }
		)
		.toBe(counts);
}

describe('newsletter on pglite', () => {
	const session = useBrowserSession('pglite', { MAILLAGE_SMTP_URL: smtp.url, MAILLAGE_SMTP_RATE: '20' }, { own: true });
	afterAll(() => smtp.close());

	it('composes, previews, sends once to each consenting person, and honours the unsubscribe link', async () => {
		const url = session.server.url;
		const page = await session.context.newPage();
		const errors = collectErrors(page);

		// Three structures of the Sud with a contact person's address, whose consent the team records.
		const list = await (await page.request.get(`${url}/api/actors?zone=sud&kind=structure_ess&par=100`)).json();
		const chosen: { actor: number; contact: number; email: string; nom: string }[] = [];
		for (const row of list.rows as { id: number }[]) {
			const actor = await (await page.request.get(`${url}/api/actors/${row.id}`)).json();
			const contact = (actor.contacts ?? []).find((c: { email: string | null }) => c.email);
			if (contact && !chosen.some((c) => c.email.toLowerCase() === contact.email.toLowerCase()))
				chosen.push({ actor: row.id, contact: contact.id, email: contact.email.toLowerCase(), nom: contact.nom });
			if (chosen.length === 3) break;
		}
		expect(chosen).toHaveLength(3);
		// The first from the structure's panel on the map, the others through the API.
		await page.goto(`${url}/?acteur=${chosen[0].actor}`);
		const person = page
			.getByRole('listitem')
			.filter({ hasText: chosen[0].email })
			.filter({ has: page.getByTestId('contact-consents') });
		await expect
			.poll(() => person.getByTestId('contact-consents').textContent(), { timeout: 60_000 })
			.toContain('Lettre d’information : non recueilli');
		await person.getByText(`Consentement de ${chosen[0].nom}`).click();
		await person.getByLabel('Source (où, comment)').fill('forum ESS de Sarrebourg');
		await person.getByRole('button', { name: 'Accordé' }).click();
		await expect.poll(() => person.getByTestId('contact-consents').textContent()).toContain('Lettre d’information : accordé');
		await screenshot(page, 'newsletter-consent-panel');
		for (const c of chosen.slice(1)) {
			const response = await page.request.post(`${url}/api/contacts/${c.contact}/consentements`, {
				data: { channel: 'newsletter', status: 'accorde', base_legale: 'consentement', source: 'forum ESS de Sarrebourg' }
			});
			expect(response.status()).toBe(200);
		}

		await page.goto(`${url}/audiences?filtre=${encodeURIComponent(`id=${chosen.map((c) => c.actor).join(',')}`)}`);
		await page.getByLabel('Nom').fill('Trois structures du Sud');
		await page.getByRole('button', { name: 'Enregistrer l’audience' }).click();
		await page.waitForURL(/\/audiences\/\d+$/);
		await expect.poll(() => page.getByTestId('segment-count').textContent()).toBe('3 structures · 3 destinataires');
		expect(await page.getByTestId('segment-map').getAttribute('href')).toMatch(/^\/\?id=/);
		await screenshot(page, 'newsletter-audience');

		await page.goto(`${url}/lettres`);
		await page.getByLabel('Titre').fill('La lettre du DLA — printemps');
		await page.getByLabel('Audience').selectOption({ label: 'Trois structures du Sud' });
		await page.getByRole('button', { name: 'Créer et composer' }).click();
		await page.waitForURL(/\/lettres\/\d+$/);
		await page.getByLabel('Texte', { exact: true }).fill('Bonjour,\n\nLe DLA accompagne les structures de l’ESS du Sud mosellan.');
		await page.getByRole('button', { name: 'Chiffre d’un territoire' }).click();
		await page.getByLabel('Territoire').selectOption({ label: 'Zone · Sud' });
		await page.getByRole('button', { name: 'Liens', exact: true }).click();
		await page.getByLabel('Libellé du lien').fill('Prendre rendez-vous');
		await page.getByLabel('Adresse du lien').fill('https://www.example.org/rendez-vous');
		await page.getByRole('button', { name: 'Enregistrer et prévisualiser' }).click();
		await expect.poll(() => page.getByText('Enregistré.').count()).toBe(1);

		const desktop = page.frameLocator('[data-testid="preview-desktop"]');
		await expect.poll(() => desktop.locator('body').textContent(), { timeout: 30_000 }).toContain('Sud mosellan');
		const body = (await desktop.locator('body').textContent())!;
		expect(body).toMatch(/structures de l’ESS sur le territoire « Sud »/);
		expect(body).toContain('Prendre rendez-vous');
		expect(body).toContain('Ils ont été accompagnés');
		// At phone width the layout folds to the frame: nothing wider than the phone.
		const phone = page.frameLocator('[data-testid="preview-phone"]');
		expect(await phone.locator('body').textContent()).toContain('Ils ont été accompagnés');
		expect(await phone.locator('body').evaluate((b) => b.ownerDocument.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
		await page.screenshot({ path: 'tests/artifacts/newsletter-compose.png', fullPage: true });
		const exported = await page.request.get(`${page.url()}/export.html`);
		expect(await exported.text()).toContain('Sud mosellan');

		await sendAndCount(page, 'envoyé : 3');
		const received = smtp.messages.flatMap((m) => m.to).sort();
		expect(received).toEqual(chosen.map((c) => c.email).sort());
		await screenshot(page, 'newsletter-sent');

		// The web version: the issue, no address, no unsubscribe link.
		const web = await page.request.get(`${url}${await page.getByRole('link', { name: 'Version web' }).getAttribute('href')}`);
		const html = await web.text();
		expect(html).toContain('Sud mosellan');
		expect(html).not.toMatch(EMAIL);
		expect(html).not.toContain('desinscription');

		// One click on the link of the first message; the next issue does not reach that address.
		const first = smtp.messages[0];
		const link = unsubscribeLink(first.raw)!;
		expect(link.startsWith(`${url}/desinscription/`)).toBe(true);
		const fresh = await session.browser.newContext();
		const visitor = await fresh.newPage();
		await visitor.goto(link);
		expect(await visitor.getByTestId('unsubscribed').isVisible()).toBe(true);
		await screenshot(visitor, 'newsletter-unsubscribed');
		await fresh.close();

		await page.goto(`${url}/lettres`);
		await page.getByLabel('Titre').fill('La lettre du DLA — été');
		await page.getByLabel('Audience').selectOption({ label: 'Trois structures du Sud' });
		await page.getByRole('button', { name: 'Créer et composer' }).click();
		await page.waitForURL(/\/lettres\/\d+$/);
		const before = smtp.messages.length;
		await sendAndCount(page, 'envoyé : 2');
		expect(smtp.messages.slice(before).flatMap((m) => m.to)).not.toContain(first.to[0]);
		expect(errors).toEqual([]);
	}, 300_000);
});
