// The field view on a phone (390×844), offline: today's trip opened once with a network opens
// again without one (service worker), two visit reports made offline wait in the queue with their
// count shown, and are saved once each when the network returns — even when the answer to the
// first one is lost on the way back and the phone sends it again (idempotency key).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { todayIn } from '../../src/lib/domain/parcours/calendar';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, pageWidths, PHONE, screenshot, signedInContext } from '../helpers/browser';
import { ADMIN } from '../helpers/server';
import { createTripThroughApi, sessionJson, useBrowserSession } from '../helpers/session';

interface StoredStop {
	id: number;
	actor_id: number;
	nom: string;
	status: string;
	note: string | null;
	visit_version: number;
}

const pending = (page: Page) => page.getByTestId('terrain-pending').textContent();

describe.each(BACKENDS)('field view on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('opens today’s trip on a phone, records two visits offline and saves each once when the network returns', async () => {
		const base = session.server.url;
		const get = sessionJson(session);
		// Three never-accompanied structures of the Metz zone (every actor has a point: its address or its commune).
		const candidates = (await get('/api/actors?kind=structure_ess&statut=jamais&zone=metz&par=60&tri=nom')).rows as { id: number }[];
		const chosen: number[] = [];
		let withContact: { nom: string; telephone: string | null; email: string | null } | null = null;
		for (const c of candidates) {
			const detail = await get(`/api/actors/${c.id}`);
			if (!withContact && detail.contacts?.length) withContact = detail.contacts[0];
			chosen.push(c.id);
			if (chosen.length === 3) break;
		}
		const today = todayIn();
		const tripId = await createTripThroughApi(session, {
			name: 'Terrain — essai hors ligne',
			date_start: today,
			day_start: '08:00',
			day_end: '19:00',
			actor_ids: chosen
		});
		const stored = async (): Promise<StoredStop[]> => (await get(`/api/trips/${tripId}`)).stops;
		const planned = (await stored()).length;
		expect(planned).toBe(3);

		const phone = await signedInContext(session.browser, base, ADMIN, PHONE);
		try {
			const page = await phone.newPage();
			const errors = collectErrors(page);
			await page.goto(`${base}/terrain`);
			await page.getByTestId('terrain-trip').filter({ hasText: 'Terrain — essai hors ligne' }).click();
			await page.waitForURL(`${base}/terrain/${tripId}`);
			// The service worker keeps the trip: the page says so once it is done.
			await expect.poll(() => page.getByTestId('terrain-kept').getAttribute('data-kept'), { timeout: 60_000 }).toBe('kept');
			const first = page.getByTestId('terrain-stop').first();
			await expect.poll(() => first.textContent()).toContain('Prochaine visite');
			const nextName = (await first.getByRole('heading', { level: 3 }).textContent())!.trim();
			expect(await first.getByRole('link', { name: 'Itinéraire' }).getAttribute('href')).toMatch(/^geo:\d+\.\d+,\d+\.\d+\?q=/);
			expect(await first.getByRole('link', { name: 'Google Maps' }).getAttribute('href')).toMatch(
				/^https:\/\/www\.google\.com\/maps\/dir\//
			);
			if (withContact?.telephone) expect(await page.getByRole('link', { name: /^Appeler / }).count()).toBeGreaterThan(0);
			expect(await pageWidths(page)).toEqual({ scrollWidth: 390, innerWidth: 390 });
			await screenshot(page, `terrain-${backend}-online`);

			// No network: the trip reopens from the service worker.
			await phone.setOffline(true);
			await page.reload();
			await expect.poll(() => pending(page), { timeout: 30_000 }).toMatch(/^Hors ligne/);
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Terrain — essai hors ligne');

			// Report 1 in two taps (plus a note and an accueil to open); report 2: not met.
			const next = () => page.getByTestId('terrain-stop').first();
			await next().getByRole('button', { name: 'Rencontrée', exact: true }).click();
			await next().getByLabel('Note (facultative)').fill('Présidente rencontrée, intérêt pour un DLA');
			await next().getByLabel('Ouvrir un accueil DLA').check();
			await next().getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
			await expect.poll(() => pending(page)).toMatch(/1 compte rendu en attente d’envoi/);
			const secondName = (await next().getByRole('heading', { level: 3 }).textContent())!.trim();
			expect(secondName).not.toBe(nextName);
			await next().getByRole('button', { name: 'Non rencontrée' }).click();
			// The form of the next visit starts empty (not with the previous one's note).
			expect(await next().getByLabel('Note (facultative)').inputValue()).toBe('');
			await next().getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
			await expect.poll(() => pending(page)).toMatch(/2 comptes rendus en attente d’envoi/);
			expect(await page.getByTestId('stop-pending').count()).toBe(2);
			await screenshot(page, `terrain-${backend}-offline-queued`);
			// Nothing reached the server.
			expect((await stored()).filter((s) => s.status !== 'prevu')).toEqual([]);

			// The network returns, but the answer to the first report is lost on the way back: the
			// server saved it, the phone keeps it and sends it again later.
			let lost = 0;
			await page.route('**/api/trips/*/stops/*/visit', async (route) => {
				if (lost > 0) return route.continue();
				lost += 1;
				await route.fetch();
				await route.abort('connectionreset');
			});
			await phone.setOffline(false);
			await expect.poll(() => lost).toBe(1);
			await expect.poll(async () => (await stored()).filter((s) => s.status !== 'prevu').length).toBe(1);
			await expect.poll(() => pending(page)).toMatch(/^En ligne · 2 comptes rendus en attente/);
			// The next try (here: the page opened again) sends both; the first is a replay.
			await page.unroute('**/api/trips/*/stops/*/visit');
			await page.reload();
			await expect.poll(() => pending(page), { timeout: 30_000 }).toBe('En ligne · aucun compte rendu en attente');
			expect(
				await page.getByRole('list', { name: 'Comptes rendus refusés' }).count(),
				await page.locator('.refused').allTextContents().then(String)
			).toBe(0);
			const after = await stored();
			const met = after.find((s) => s.nom === nextName)!;
			const notMet = after.find((s) => s.nom === secondName)!;
			expect(met).toMatchObject({ status: 'fait', note: 'Présidente rencontrée, intérêt pour un DLA', visit_version: 1 });
			expect(notMet).toMatchObject({ status: 'non_rencontre', visit_version: 1 });
			expect(after.filter((s) => s.status === 'prevu')).toHaveLength(1);
			// One contact logged for the visit made, one parcours opened at accueil.
			const actor = await get(`/api/actors/${met.actor_id}`);
			expect(actor.contact_log.filter((l: { type: string }) => l.type === 'visite')).toHaveLength(1);
			expect(actor.accompaniments.filter((a: { stage: string }) => a.stage === 'accueil')).toHaveLength(1);
			await expect
				.poll(() => page.getByTestId('terrain-stop').filter({ hasText: nextName }).textContent())
				.toContain('Parcours en cours : Accueil');
			await screenshot(page, `terrain-${backend}-synced`);
			expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_RESET/.test(e))).toEqual([]);
		} finally {
			await phone.close();
		}
	});
});
