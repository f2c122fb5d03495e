// Prospecting trips in a real browser, on the demo territory: from a gap link in the explorer
// (filters in the URL) to a saved, optimised trip; reordering by the arrows and by dragging with
// the times recomputed; a structure added from the search; GPX and ICS downloaded and read. Then a
// realistic trip (issue 18): three days far from Metz with nights in the best town; each day fills
// with visits, lunch is placed where it costs least (not a fixed block), the comparison with coming
// home every evening is shown, and the list, the trip page and the roadmap count the same visits.
import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, mapIdle, openBeforeHydration, pageWithoutServiceWorker, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

const stopNames = (page: Page) => page.getByTestId('trip-stop').locator('.name').allTextContents();
const stopTimes = (page: Page) => page.getByTestId('stop-time').allTextContents();

describe.each(BACKENDS)('trips on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('builds a trip from a gap link, optimises, reorders, adds a stop, downloads GPX and ICS, and records a visit', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const base = session.server.url;
		// A gap result: never-accompanied structures of one EPCI of the Sud zone in one sector (3 to 12).
		const facets = await (await page.request.get(`${base}/api/actors/facets?kind=structure_ess&statut=jamais&zone=sud`)).json();
		const [epci] = Object.entries(facets.facets.epci as Record<string, number>).sort((a, b) => b[1] - a[1])[0];
		const bySector = await (await page.request.get(`${base}/api/actors/facets?kind=structure_ess&statut=jamais&epci=${epci}`)).json();
		const [[secteur, count]] = Object.entries(bySector.facets.secteur as Record<string, number>)
			.filter(([, n]) => n >= 3 && n <= 12)
			.sort((a, b) => b[1] - a[1]);
		await page.goto(`${base}/?kind=structure_ess&statut=jamais&epci=${epci}&secteur=${secteur}&liste=1`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		const list = page.getByTestId('actor-list');
		await expect.poll(() => list.locator('tbody tr').count()).toBe(count);
		await list.getByRole('link', { name: 'Planifier une tournée avec ces structures' }).click();
		await page.waitForURL(/\/trips\?filtre=/);
		expect(await page.getByTestId('trip-from-filter').textContent()).toContain(`: ${count}`);
		await page.getByLabel('Nom de la tournée').fill('Jamais accompagnées — essai');
		await page.getByLabel('Date de début').fill('2026-12-01');
		await page.getByLabel('Date de fin (plusieurs jours)').fill('2026-12-02');
		await screenshot(page, `trips-${backend}-new`);
		await Promise.all([page.waitForURL(/\/trips\/\d+$/), page.getByRole('button', { name: 'Créer la tournée' }).click()]);
		const tripId = Number(page.url().split('/').pop());

		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		const planned = await page.getByTestId('trip-stop').count();
		const unplanned = await page.getByTestId('trip-unplanned').locator('li').count();
		expect(planned + unplanned).toBe(count);
		expect(await page.getByTestId('trip-marker').count()).toBe(planned);
		await screenshot(page, `trips-${backend}-planned`);

		await page.getByRole('button', { name: 'Ré-optimiser' }).click();
		await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/ré-optimisée/);
		const optimised = await stopNames(page);
		const optimisedTimes = await stopTimes(page);

		// Keyboard alternative: the first visit one place down; the times follow.
		await page.getByRole('button', { name: `Descendre ${optimised[0]}` }).click();
		await expect.poll(() => stopNames(page)).toEqual([optimised[1], optimised[0], ...optimised.slice(2)]);
		await expect.poll(() => stopTimes(page)).not.toEqual(optimisedTimes);
		expect(await page.getByRole('status').first().textContent()).toMatch(/horaires recalculés/);

		// Drag the last visit of day 1 (by its number: buttons and inputs do not start a drag) onto the
		// first one; both on screen at once, as a user would have them (a drag does not scroll here).
		const day1 = page.getByTestId('trip-day-1').getByTestId('trip-stop');
		const inDay1 = await day1.locator('.name').allTextContents();
		const viewport = page.viewportSize()!;
		await page.setViewportSize({ width: viewport.width, height: 1800 });
		await day1.last().locator('.number').dragTo(day1.first().locator('.number'));
		await expect
			.poll(() => page.getByTestId('trip-day-1').getByTestId('trip-stop').locator('.name').allTextContents())
			.toEqual([inDay1.at(-1), ...inDay1.slice(0, -1)]);
		const stored = await (await page.request.get(`${base}/api/trips/${tripId}`)).json();
		expect(stored.stops[0].nom).toBe(inDay1.at(-1));
		await page.setViewportSize(viewport);

		// A structure from elsewhere, added through the search.
		const other = (await (await page.request.get(`${base}/api/actors?kind=structure_ess&zone=metz&par=1&tri=nom`)).json()).rows[0];
		await page.getByRole('combobox', { name: 'Rechercher un acteur ou un territoire' }).fill(other.nom);
		await expect.poll(() => page.getByRole('listbox', { name: 'Résultats' }).getByRole('option').count()).toBeGreaterThan(0);
		await page
			.getByRole('listbox', { name: 'Résultats' })
			.getByRole('option', { name: new RegExp(other.nom.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
			.first()
			.click();
		await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/ajoutée à la tournée/);
		await expect
			.poll(async () => (await stopNames(page)).length + (await page.getByTestId('trip-unplanned').locator('li').count()))
			.toBe(count + 1);

		// Opening hours that no day can meet: the stop is listed as not planned, with why.
		const lastName = (await stopNames(page)).at(-1)!;
		const hours = page.getByRole('group', { name: `Horaires d’ouverture de ${lastName}` });
		await hours.getByLabel('Ouverture').fill('07:00');
		await hours.getByLabel('Fermeture').fill('07:30');
		await expect.poll(() => page.getByTestId('trip-unplanned').textContent()).toContain(lastName);
		expect(await page.getByTestId('trip-unplanned').textContent()).toMatch(/fenêtre horaire 07:00–07:30/);
		expect(await stopNames(page)).not.toContain(lastName);
		await page.getByTestId('trip-unplanned').scrollIntoViewIfNeeded();
		await mapIdle(page);
		await screenshot(page, `trips-${backend}-reordered`);

		// Exports: what the page shows is what the files say.
		const names = await stopNames(page);
		const times = await stopTimes(page);
		const [gpxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'GPX' }).click()]);
		const gpx = await fs.readFile((await gpxDownload.path())!, 'utf8');
		expect(gpxDownload.suggestedFilename()).toMatch(/^tournee-\d+-jamais-accompagnees-essai\.gpx$/);
		const escape = (s: string) =>
			s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
		const rteNames = [...gpx.matchAll(/<rtept [^>]*><name>\d+\. ([^<]*)<\/name>/g)].map((m) => m[1]);
		expect(rteNames).toEqual(names.map(escape));
		const [icsDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Agenda (ICS)' }).click()]);
		const ics = (await fs.readFile((await icsDownload.path())!, 'utf8')).replace(/\r\n[ \t]/g, '');
		const events = ics.split('BEGIN:VEVENT').slice(1);
		expect(events).toHaveLength(names.length);
		const first = events.find((e) => e.includes(`SUMMARY:Visite : ${names[0].replace(/([,;])/g, '\\$1')}`))!;
		expect(first).toBeDefined();
		expect(first).toContain(`DTSTART:20261201T${times[0].slice(0, 5).replace(':', '')}00`);
		expect(first).toMatch(/LOCATION:.+/);

		// After the visit: done, with a note, and an accompaniment opened at « accueil ».
		const firstStop = page.getByTestId('trip-stop').first();
		await firstStop.getByRole('button', { name: 'Compte rendu de visite' }).click();
		const report = page.getByRole('form', { name: `Compte rendu de la visite à ${names[0]}` });
		await report.getByLabel('Note').fill('Bureau rencontré, demande de diagnostic');
		await report.getByLabel('ouvrir un accompagnement (étape accueil)').check();
		await report.getByRole('button', { name: 'Enregistrer la visite' }).click();
		await expect.poll(() => page.getByTestId('trip-stop').first().textContent()).toContain('Faite');
		const visited = (await (await page.request.get(`${base}/api/trips/${tripId}`)).json()).stops.find(
			(s: { nom: string }) => s.nom === names[0]
		);
		const record = await (await page.request.get(`${base}/api/actors/${visited.actor_id}`)).json();
		expect(record.contact_log[0]).toMatchObject({ type: 'visite', date: '2026-12-01', note: 'Bureau rencontré, demande de diagnostic' });
		expect(record.accompaniments[0]).toMatchObject({ stage: 'accueil', date_accueil: '2026-12-01' });
		await screenshot(page, `trips-${backend}-visit`);

		// The printable roadmap.
		await page.goto(`${base}/trips/${tripId}/feuille-de-route`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await mapIdle(page);
		await page.emulateMedia({ media: 'print' });
		await screenshot(page, `trips-${backend}-roadmap`);
		expect(await page.getByTestId('roadmap-contacts').count()).toBe(names.length);

		// The saved trip is listed; suggestions for a zone fill the new-trip form.
		await page.emulateMedia({ media: 'screen' });
		await page.goto(`${base}/trips`);
		await expect.poll(() => page.getByRole('link', { name: 'Jamais accompagnées — essai' }).count()).toBe(1);
		await page.getByLabel('Territoire').selectOption({ label: 'Sud' });
		await page.getByRole('button', { name: 'Proposer' }).click();
		const suggestions = page.getByTestId('suggestions').getByRole('checkbox');
		await expect.poll(() => suggestions.count()).toBeGreaterThan(0);
		expect(await page.getByTestId('suggestions').textContent()).toMatch(
			/jamais accompagnée|accompagnée il y a longtemps|parcours interrompu/
		);
		await page.getByTestId('suggestions').scrollIntoViewIfNeeded();
		await screenshot(page, `trips-${backend}-suggestions`);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('plans three full days with a flexible lunch and nights away, counted alike everywhere', async () => {
		// Its own context, without the offline worker: the new-trip form is typed into before the scripts run.
		const { page, close } = await pageWithoutServiceWorker(session.browser, session.context);
		const errors = collectErrors(page);
		const base = session.server.url;
		// The EPCI of Sarreguemines, 65 km east of Metz: its never-accompanied structures.
		const epcis = await (await page.request.get(`${base}/api/territories?level=epci`)).json();
		const sarreguemines = epcis.features.find((f: { properties: { nom: string } }) => /Sarreguemines/.test(f.properties.nom));
		expect(sarreguemines).toBeDefined();
		const code = sarreguemines.properties.code as string;
		const facets = await (await page.request.get(`${base}/api/actors/facets?kind=structure_ess&statut=jamais&epci=${code}`)).json();
		const total = Object.values(facets.facets.secteur as Record<string, number>).reduce((a, b) => a + b, 0);
		// At most 60 structures come from a filter: narrow to the largest sectors when there are more.
		let filtre = `kind=structure_ess&statut=jamais&epci=${code}`;
		let count = total;
		if (total > 30) {
			const [[secteur, n]] = Object.entries(facets.facets.secteur as Record<string, number>).sort((a, b) => b[1] - a[1]);
			filtre += `&secteur=${secteur}`;
			count = n;
		}
		expect(count).toBeGreaterThanOrEqual(12);

		// Typed before the page's scripts have run (a slow connection in the field): kept once they run.
		const opened = await openBeforeHydration(page, `${base}/trips?filtre=${encodeURIComponent(filtre)}&total=${count}`);
		await page.getByLabel('Nom de la tournée').fill('Trois jours à l’est');
		await page.getByLabel('Date de début').fill('2026-12-01');
		await page.getByLabel('Date de fin (plusieurs jours)').fill('2026-12-03');
		await opened.hydrate();
		expect(await page.getByLabel('Nom de la tournée').inputValue()).toBe('Trois jours à l’est');
		expect(await page.getByLabel('Date de début').inputValue()).toBe('2026-12-01');
		expect(await page.getByLabel('Date de fin (plusieurs jours)').inputValue()).toBe('2026-12-03');
		expect(await page.getByLabel('Déjeuner, pas avant').inputValue()).toBe('11:45');
		expect(await page.getByLabel('Déjeuner, fini avant').inputValue()).toBe('14:00');
		expect(await page.getByLabel('Durée du déjeuner (min)').inputValue()).toBe('60');
		await page.getByLabel('Nuit sur place, meilleure commune pour la nuit').check();
		await screenshot(page, `trips-day-${backend}-new`);
		await Promise.all([page.waitForURL(/\/trips\/\d+$/), page.getByRole('button', { name: 'Créer la tournée' }).click()]);
		const tripId = Number(page.url().split('/').pop());
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await mapIdle(page);

		// Three days, each with four visits or more, and its lunch.
		const perDay = await Promise.all([1, 2, 3].map((d) => page.getByTestId(`trip-day-${d}`).getByTestId('trip-stop').count()));
		for (const n of perDay) expect(n).toBeGreaterThanOrEqual(Math.min(4, Math.floor(count / 3)));
		const planned = perDay.reduce((a, b) => a + b, 0);
		expect(await page.getByTestId('trip-lunch').count()).toBe(3);
		for (const text of await page.getByTestId('trip-lunch').allTextContents()) expect(text).toMatch(/Déjeuner \d\d:\d\d–\d\d:\d\d/);
		// No visit waits for a lunch slot.
		expect(await page.locator('.leg', { hasText: 'attente' }).count()).toBe(0);
		const toPlan = await page.getByTestId('trip-unplanned').locator('li').count();
		expect(planned + toPlan).toBe(count);
		const totals = (await page.getByTestId('trip-totals').textContent())!;
		expect(totals).toContain(`${planned} visites planifiées`);
		if (toPlan > 0) expect(totals).toContain(`${toPlan} à planifier`);

		// Nights away against coming home every evening.
		const comparison = page.getByTestId('trip-overnight');
		await expect.poll(() => comparison.count()).toBe(1);
		expect(await comparison.getByRole('row').count()).toBe(3);
		const rows = await comparison.locator('tbody tr').allTextContents();
		expect(rows[0]).toMatch(/^Nuits sur place/);
		expect(rows[1]).toMatch(/^Retour chaque soir.*0$/);
		const chosen =
			(await comparison.locator('caption').textContent())!.includes('retenues') &&
			!(await comparison.locator('caption').textContent())!.includes('non retenues');
		if (chosen) {
			expect(await page.getByTestId('trip-night').count()).toBe(2);
			expect(await page.getByTestId('trip-night-marker').count()).toBe(2);
		}
		expect(await page.getByTestId('trip-routing').textContent()).toMatch(/estimés/);
		await screenshot(page, `trips-day-${backend}-planned`);
		await page.getByTestId('trip-day-2').scrollIntoViewIfNeeded();
		await screenshot(page, `trips-day-${backend}-day2`);

		// The list and the roadmap say the same.
		await page.goto(`${base}/trips`);
		const row = page.getByRole('row', { name: /Trois jours à l’est/ });
		expect(await row.getByTestId('trip-list-planned').textContent()).toBe(String(planned));
		expect(await row.getByTestId('trip-list-to-plan').textContent()).toBe(String(toPlan));
		await screenshot(page, `trips-day-${backend}-list`);
		await page.goto(`${base}/trips/${tripId}/feuille-de-route`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		expect(await page.getByTestId('roadmap-totals').textContent()).toContain(`${planned} visites planifiées`);
		await screenshot(page, `trips-day-${backend}-roadmap`);
		expect(errors).toEqual([]);
		await close();
	});
});
