// Testimonials and the public map in Chromium: a structure's person writes a testimonial from the
// request link in a fresh context (no session, a photo attached), the team corrects and accepts it,
// and it shows on /public; /embed is framed by a site of MAILLAGE_EMBED_ORIGINS and refused to any
// other; no response of /public or /embed carries personal data of the seeded database (contact
// names, emails, phones, notes, accounts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Response } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, openBeforeHydration, PHONE, pageWidths, screenshot, ARTIFACTS } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';
import { photoWithExif } from '../helpers/testimonials';
import fs from 'node:fs';
import path from 'node:path';

/** A site of another origin whose page frames the URL given as `?src=`. */
async function hostSite(): Promise<{ origin: string; close(): Promise<void> }> {
	const server = http.createServer((req, res) => {
		const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(
			`<!doctype html><html lang="fr"><head><title>Site du COJEP</title></head><body style="font-family:sans-serif">` +
				`<h1>Site hôte</h1><iframe id="carte" title="Carte de l’ESS" src="${src.replace(/"/g, '')}" style="width:100%;height:700px;border:1px solid #999"></iframe></body></html>`
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

const allowed = await hostSite();
const stranger = await hostSite();
afterAll(async () => {
	await allowed.close();
	await stranger.close();
});

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+/;
const PHONE_NUMBER = /(?<![\d.])0[1-9](?:[ .-]?\d{2}){4}(?!\d)/;

/** Every text response of a page while it loads and settles, keyed by URL. */
function recordResponses(page: Page): Map<string, Promise<string>> {
	const bodies = new Map<string, Promise<string>>();
	page.on('response', (r: Response) => {
		const type = r.headers()['content-type'] ?? '';
		if (/text|json|javascript/.test(type))
			bodies.set(
				r.url(),
				r.text().catch(() => '')
			);
	});
	return bodies;
}

describe.each(BACKENDS)('testimonials and public map on %s', (backend) => {
	const session = useBrowserSession(backend, { MAILLAGE_EMBED_ORIGINS: allowed.origin });
	const marker = `Un accompagnement qui a tout changé (${backend})`;

	it('collects a testimonial without a session and moderates it', async () => {
		const team = await session.context.newPage();
		const errors = collectErrors(team);
		await team.goto(`${session.server.url}/temoignages`);
		await team.getByRole('button', { name: 'Créer le lien' }).click();
		const link = (await team.getByTestId('request-link').locator('code').textContent())!;
		expect(link).toMatch(/\/temoignage\/[A-Za-z0-9_-]{40,}$/);

		// The person: a fresh context, no cookie.
		const fresh = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
		try {
			const page = await fresh.newPage();
			const freshErrors = collectErrors(page);
			// A slow phone: the person writes before the page's script has run, and hydration keeps it.
			const opened = await openBeforeHydration(page, link);
			await page.getByLabel('Votre témoignage').fill(`${marker}, avec une faute de frape.`);
			await page.getByLabel('Votre nom').fill('Léontine Témoin-Navigateur');
			await page.getByLabel('Votre fonction dans la structure').fill('Coordinatrice');
			fs.mkdirSync(ARTIFACTS, { recursive: true });
			const notAPhoto = path.join(ARTIFACTS, 'testimonial-not-a-photo.jpg');
			fs.writeFileSync(notAPhoto, 'Ceci est un texte, pas une image.');
			await page.getByLabel(/Une photo/).setInputFiles(notAPhoto);
			const consented = ['publier sur le site', 'afficher le nom de la structure', 'afficher mon nom'];
			for (const label of consented) await page.getByLabel(label).check();
			await opened.hydrate();
			const kept = async () => {
				expect(await page.getByLabel('Votre témoignage').inputValue()).toBe(`${marker}, avec une faute de frape.`);
				expect(await page.getByLabel('Votre nom').inputValue()).toBe('Léontine Témoin-Navigateur');
				for (const label of consented) expect(await page.getByLabel(label).isChecked()).toBe(true);
				expect(await page.getByLabel('publier dans la lettre').isChecked()).toBe(false);
			};
			await kept();
			// A file that is no image is refused with its reason, and the form comes back as it was sent.
			await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Envoyer mon témoignage' }).click()]);
			expect(await page.getByTestId('form-error').textContent()).toBe('photo : une image JPEG, PNG ou WebP est attendue');
			await page.waitForLoadState('networkidle');
			await kept();
			const photo = path.join(ARTIFACTS, 'testimonial-photo.jpg');
			fs.writeFileSync(photo, await photoWithExif(1800, 1200));
			await page.getByLabel(/Une photo/).setInputFiles(photo);
			await screenshot(page, `testimonial-form-${backend}`);
			await Promise.all([page.waitForURL(/\/temoignage\/merci$/), page.getByRole('button', { name: 'Envoyer mon témoignage' }).click()]);
			expect(await page.getByTestId('testimonial-thanks').textContent()).toContain('bien été reçu');
			// The link served once.
			expect((await page.goto(link))!.status()).toBe(410);
			expect(freshErrors.filter((e) => !e.includes('410') && !e.includes('400'))).toEqual([]);
		} finally {
			await fresh.close();
		}

		await team.reload();
		// The text is the value of the item's textarea, not its text: the item is found by that value.
		const items = team.getByTestId('moderation-item');
		const itemWithText = async () => {
			const index = await items.evaluateAll(
				(els, text) => els.findIndex((el) => el.querySelector('textarea')?.value.includes(text)),
				marker
			);
			expect(index).toBeGreaterThanOrEqual(0);
			return items.nth(index);
		};
		const item = await itemWithText();
		expect(await item.getAttribute('data-status')).toBe('soumis');
		expect(await item.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800);
		await item.getByLabel('Texte').fill(`${marker}, avec une faute de frappe corrigée.`);
		await item.getByRole('button', { name: 'Corriger' }).click();
		await expect.poll(() => team.getByTestId('moderation-message').textContent()).toBe('Témoignage corrigé');
		const corrected = await itemWithText();
		await corrected.getByRole('button', { name: 'Accepter' }).click();
		await expect.poll(() => team.getByTestId('moderation-message').textContent()).toBe('Témoignage accepté');
		await screenshot(team, `testimonial-moderation-${backend}`);
		expect(errors).toEqual([]);

		const pub = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
		try {
			const page = await pub.newPage();
			await page.goto(`${session.server.url}/public`);
			const shown = page.getByTestId('testimonial').filter({ hasText: marker });
			expect(await shown.textContent()).toContain('faute de frappe corrigée');
			expect(await shown.textContent()).toContain('Léontine Témoin-Navigateur, Coordinatrice');
			expect(await shown.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
		} finally {
			await pub.close();
		}
	});

	it('shows /public on a desktop and a phone, without personal data in any response', async () => {
		const contexts = [
			await session.browser.newContext({ viewport: { width: 1280, height: 900 } }),
			await session.browser.newContext(PHONE)
		];
		const bodies = new Map<string, Promise<string>>();
		try {
			for (const [i, context] of contexts.entries()) {
				for (const route of ['/public', '/embed']) {
					const page = await context.newPage();
					const errors = collectErrors(page);
					const seen = recordResponses(page);
					const response = await page.goto(`${session.server.url}${route}`);
					expect(response!.headers()['cache-control']).toMatch(/^public/);
					await expect.poll(() => page.getByTestId('public-count').textContent(), { timeout: 60_000 }).toMatch(/\d+ structures de l’ESS/);
					await page.waitForTimeout(1500);
					await screenshot(page, `public-${route.slice(1)}-${i ? 'phone' : 'desktop'}-${backend}`);
					if (i) {
						const { scrollWidth, innerWidth } = await pageWidths(page);
						expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
					}
					expect(errors).toEqual([]);
					for (const [url, body] of seen) bodies.set(`${route} ${url}`, body);
					await page.close();
				}
			}
		} finally {
			for (const c of contexts) await c.close();
		}
		expect(bodies.size).toBeGreaterThan(4);
		const texts = await Promise.all([...bodies].map(async ([url, body]) => [url, await body] as const));
		expect(texts.some(([url, body]) => url.includes('/public/carte.json') && body.includes('"structures"'))).toBe(true);

		// The personal data of the seeded database, read after the pages (PGlite: the server pauses).
		const secrets = await session.server.withDatabase(async (db) => {
			const contacts = await db.selectFrom('contact').select(['nom', 'email', 'telephone']).execute();
			const users = await db.selectFrom('app_user').select(['email', 'nom']).execute();
			const notes = await db.selectFrom('actor').select('notes').where('notes', 'is not', null).limit(200).execute();
			return [
				...contacts.flatMap((c) => [c.nom, c.email, c.telephone]),
				// Users' emails; not their names (the seeded admin is named « Administration », a word the
				// public page may well hold).
				...users.map((u) => u.email),
				...notes.map((n) => n.notes)
			].filter((s): s is string => !!s && s.trim().length >= 6);
		});
		expect(secrets.length).toBeGreaterThan(10);
		for (const [url, body] of texts) {
			expect(EMAIL.exec(body)?.[0], url).toBeUndefined();
			expect(PHONE_NUMBER.exec(body)?.[0], url).toBeUndefined();
			for (const secret of secrets) expect(body.includes(secret), `${url} contient « ${secret} »`).toBe(false);
		}
	});

	it('lets an allowed site frame /embed and refuses any other', async () => {
		const context = await session.browser.newContext({ viewport: { width: 1100, height: 900 } });
		try {
			for (const [site, ok] of [
				[allowed, true],
				[stranger, false]
			] as const) {
				const page = await context.newPage();
				const messages: string[] = [];
				page.on('console', (m) => messages.push(m.text()));
				const embedResponse = page.waitForResponse((r) => r.url() === `${session.server.url}/embed`);
				await page.goto(`${site.origin}/?src=${encodeURIComponent(`${session.server.url}/embed`)}`);
				const headers = (await embedResponse).headers();
				expect(headers['x-frame-options']).toBeUndefined();
				expect(headers['content-security-policy']).toContain(`frame-ancestors ${allowed.origin}`);
				const frame = page.frameLocator('#carte');
				if (ok) {
					await expect.poll(() => frame.getByTestId('public-count').textContent(), { timeout: 60_000 }).toMatch(/\d+ structures/);
					await page.waitForTimeout(1500);
				} else {
					await expect.poll(() => messages.some((m) => m.includes('frame-ancestors')), { timeout: 20_000 }).toBe(true);
					expect(await frame.getByTestId('public-count').count()).toBe(0);
				}
				await screenshot(page, `embed-${ok ? 'allowed' : 'refused'}-${backend}`);
				await page.close();
			}
		} finally {
			await context.close();
		}
		// Every other page keeps refusing to be framed.
		const other = await fetch(`${session.server.url}/public`);
		expect(other.headers.get('x-frame-options')).toBe('DENY');
		expect(other.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
	});
});
