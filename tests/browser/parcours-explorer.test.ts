// The parcours on the explorer, in a real browser on the demo territory: the « Parcours » filters
// (in the URL, counts equal to the API's), the layer of due follow-ups (red ring overdue, amber due
// soon, a click opens the structure) and « Planifier une tournée des suivis » from an EPCI's panel,
// which creates the trip with exactly those structures and opens it. And on the board, a card
// dropped on « Terminés » asks how the parcours ends (where it is referred to) and lands there.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

function addDays(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}
const mapReady = (page: Page) => page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
const total = (page: Page) => page.getByTestId('actor-total').textContent();
const integer = (n: number) => new Intl.NumberFormat('fr-FR').format(n);
/** Waits on what the server answers: the machine running the tests may be loaded. */
const SERVER = { timeout: 30_000 };

describe.each(BACKENDS)('parcours on the explorer on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('filters stalled parcours and overdue follow-ups, draws the due follow-ups and turns an EPCI’s into a trip', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const base = session.server.url;
		const request = async (method: 'get' | 'post' | 'patch', url: string, data?: unknown) => {
			const response = await page.request[method](`${base}${url}`, data === undefined ? {} : { data });
			expect(response.status(), `${method} ${url}`).toBeLessThan(300);
			return response.json();
		};
		const { today } = await request('get', '/api/parcours/a-faire');

		// Two structures of one EPCI with a parcours: one follow-up two days late, one in five days.
		const first = (await request('get', '/api/actors?kind=structure_ess&statut=jamais&zone=sud&par=1&tri=nom')).rows[0];
		const epci: string = first.epci_code;
		const pair = (await request('get', `/api/actors?kind=structure_ess&statut=jamais&epci=${epci}&par=2&tri=nom`)).rows;
		expect(pair).toHaveLength(2);
		for (const [i, actor] of pair.entries()) {
			const opened = await request('post', '/api/accompaniments', { actor_id: actor.id, date: addDays(today, -20) });
			await request('patch', `/api/accompaniments/${opened.id}`, {
				version: opened.version,
				changes: { next_followup: addDays(today, i === 0 ? -2 : 5) }
			});
		}

		// The « Parcours » filters: in the URL, the total equal to the API's.
		await page.goto(`${base}/?parcours=en_attente`);
		await mapReady(page);
		const filters = page.getByRole('group', { name: 'Parcours' });
		expect(await filters.getByLabel('Parcours en attente').isChecked()).toBe(true);
		const stalled = (await request('get', '/api/actors?parcours=en_attente&par=1')).total;
		expect(stalled).toBeGreaterThan(0);
		await expect.poll(() => total(page), SERVER).toBe(integer(stalled));
		await filters.getByLabel('Suivi en retard').check();
		await page.waitForURL((url) => url.searchParams.get('parcours') === 'en_attente,suivi_en_retard');
		const either = (await request('get', '/api/actors?parcours=en_attente,suivi_en_retard&par=1')).total;
		expect(either).toBeGreaterThan(stalled);
		await expect.poll(() => total(page), SERVER).toBe(integer(either));
		await filters.getByLabel('Parcours en attente').uncheck();
		const late = (await request('get', '/api/actors?parcours=suivi_en_retard&par=1')).total;
		await expect.poll(() => total(page), SERVER).toBe(integer(late));
		const lateIds = (await request('get', `/api/actors?parcours=suivi_en_retard&epci=${epci}&par=500`)).rows.map(
			(r: { id: number }) => r.id
		);
		expect(lateIds).toContain(pair[0].id);
		expect(lateIds).not.toContain(pair[1].id);
		await screenshot(page, `parcours-explorer-${backend}-filters`);

		// The layer of due follow-ups: its legend counts what the API draws.
		await page.goto(`${base}/?couches=communes,epci,zones,acteurs,suivis`);
		await mapReady(page);
		const layer = await request('get', '/api/parcours/suivis');
		type Feature = { geometry: { coordinates: [number, number] }; properties: { actor_id: number; actor_nom: string; overdue: boolean } };
		const features: Feature[] = layer.features;
		const overdue = features.filter((f) => f.properties.overdue).length;
		expect(overdue).toBeGreaterThan(0);
		const legend = page.getByTestId('followup-legend');
		await expect.poll(() => legend.textContent(), SERVER).toContain(`en retard : ${integer(overdue)}`);
		expect(await legend.textContent()).toContain(`dans les ${layer.horizon_days} jours : ${integer(features.length - overdue)}`);
		await expect.poll(() => page.evaluate(`!!window.maillageMap.getLayer('followups-rings')`), SERVER).toBe(true);
		await screenshot(page, `parcours-explorer-${backend}-layer`);

		// A click on a ring opens the structure: our overdue one, zoomed in.
		const ours = features.find((f) => f.properties.actor_id === pair[0].id)!;
		const [lon, lat] = ours.geometry.coordinates;
		await page.evaluate(`window.maillageMap.jumpTo({ center: [${lon}, ${lat}], zoom: 15 })`);
		await page.waitForFunction(
			`window.maillageMap.loaded() && !!window.maillageMap.queryRenderedFeatures({ layers: ['followups-rings'] }).length`
		);
		const point = (await page.evaluate(`(() => { const p = window.maillageMap.project([${lon}, ${lat}]); return [p.x, p.y]; })()`)) as [
			number,
			number
		];
		const box = (await page.locator('.map canvas').boundingBox())!;
		await page.mouse.click(box.x + point[0], box.y + point[1]);
		await page.waitForURL((url) => url.searchParams.get('acteur') === String(pair[0].id));
		await expect.poll(() => page.getByTestId('actor-panel').locator('h2').textContent(), SERVER).toBe(pair[0].nom);
		await screenshot(page, `parcours-explorer-${backend}-layer-click`);

		// The EPCI's panel: « Planifier une tournée des suivis (N) », N the structures due there.
		const due = (await request('get', `/api/actors?epci=${epci}&parcours=suivi_a_faire&par=500`)).rows.map((r: { id: number }) => r.id);
		expect(due).toEqual(expect.arrayContaining(pair.map((a: { id: number }) => a.id)));
		await page.goto(`${base}/?t=epci:${epci}&couches=communes,epci,zones,acteurs,suivis`);
		await mapReady(page);
		const button = page.getByTestId('territory-panel').getByRole('button', { name: `Planifier une tournée des suivis (${due.length})` });
		await button.waitFor();
		await screenshot(page, `parcours-explorer-${backend}-epci`);
		await Promise.all([page.waitForURL(/\/trips\/\d+$/, { timeout: 60_000 }), button.click()]);
		const tripId = Number(new URL(page.url()).pathname.split('/').pop());
		const trip = await request('get', `/api/trips/${tripId}`);
		expect(trip.name).toMatch(/^Suivis · /);
		const stops = (trip.stops as { actor_id: number }[]).map((s) => s.actor_id).sort((a, b) => a - b);
		expect(stops).toEqual([...due].sort((a, b) => a - b));
		await page.waitForLoadState('networkidle');
		await screenshot(page, `parcours-explorer-${backend}-trip`);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('asks how a parcours ends when its card is dropped on « Terminés », and moves it there', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const base = session.server.url;
		const { today } = await (await page.request.get(`${base}/api/parcours/a-faire`)).json();
		const actor = (await (await page.request.get(`${base}/api/actors?kind=structure_ess&statut=jamais&zone=est&par=1&tri=nom`)).json())
			.rows[0];
		const opened = await page.request.post(`${base}/api/accompaniments`, { data: { actor_id: actor.id, date: addDays(today, -10) } });
		expect(opened.status()).toBe(201);
		const { id } = await opened.json();

		await page.goto(`${base}/parcours?termines=1&p=${id}`);
		await page.waitForSelector('[data-testid="parcours-board"][data-ready="true"]', { timeout: 60_000 });
		await page.getByRole('button', { name: 'Fermer la fiche du parcours' }).click();
		const card = page.locator(`[data-testid="parcours-card"][data-id="${id}"]`);
		await card.dragTo(page.getByTestId('column-termine'));
		const dialog = page.getByRole('dialog');
		const ends = dialog.getByRole('group', { name: 'Fin du parcours' });
		expect(await ends.getByRole('radio').count()).toBe(3);
		expect(await ends.textContent()).toMatch(/Orientée vers une autre offre.*Abandon.*Non éligible/s);
		await ends.getByLabel('Orientée vers une autre offre').check();
		await dialog.getByRole('textbox', { name: 'Orientée vers' }).fill('France Active Lorraine');
		await dialog.getByLabel('Date').fill(today);
		await screenshot(page, `parcours-explorer-${backend}-end-dialog`);
		await dialog.getByRole('button', { name: 'Enregistrer l’étape' }).click();
		await expect.poll(() => page.getByTestId('column-termine').locator(`[data-id="${id}"]`).count(), SERVER).toBe(1);
		expect(await page.getByTestId('column-accueil').locator(`[data-id="${id}"]`).count()).toBe(0);
		const saved = await (await page.request.get(`${base}/api/accompaniments/${id}`)).json();
		expect(saved).toMatchObject({ stage: 'oriente', oriente_vers: 'France Active Lorraine', date_fin: today });
		await screenshot(page, `parcours-explorer-${backend}-ended`);
		expect(errors).toEqual([]);
		await page.close();
	});
});
