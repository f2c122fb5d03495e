// The explorer in a real browser, on the demo territory: filters and their counts (checked
// against SQL written here), search with a typo and by SIRET, the actor panel, shareable views.
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, mapIdle, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

async function ready(page: Page) {
	await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
}
// Polls that wait on the server: the map's tile requests share the browser's six connections with them.
const SERVER = { timeout: 20_000 };
const total = (page: Page) =>
	page
		.getByTestId('actor-total')
		.textContent()
		.then((t) => Number(t!.replace(/\D/g, '')));

/** Waits until the map has loaded the actor tiles of the current URL and drawn them. */
async function tilesSettled(page: Page) {
	// The map applies a camera or tile-URL change at its next frames: let two pass before asking.
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
	// A function, not a string: the page's CSP forbids evaluating strings.
	await page.waitForFunction(() => window.maillageMap.isSourceLoaded('actors') && window.maillageMap.areTilesLoaded(), undefined, {
		timeout: 60_000
	});
	await page.evaluate(`new Promise((resolve) => window.maillageMap.loaded() ? resolve() : window.maillageMap.once('idle', resolve))`);
}
/** Actors drawn from the tiles in view: each cluster counts its members (each actor is in one tile only). */
const onMap = (page: Page): Promise<number> =>
	page.evaluate(`window.maillageMap.queryRenderedFeatures({ layers: ['actors-clusters', 'actors-structures', 'actors-others'] })
		.reduce((n, f) => n + (f.properties.point_count ?? 1), 0)`);

describe.each(BACKENDS)('explorer on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('filters by zone and sector; counts follow, agree with SQL, and the URL keeps the view', async () => {
		const seen: Record<string, number> = {};
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		await page.goto(session.server.url);
		await ready(page);
		await expect.poll(() => total(page), SERVER).toBeGreaterThan(2000);
		seen.all = await total(page);
		// The actors come as vector tiles of the filtered set, not as one GeoJSON.
		expect(await page.evaluate(`window.maillageMap.getSource('actors').type`)).toBe('vector');
		await tilesSettled(page);
		seen.mapAll = await onMap(page);

		await page.getByRole('checkbox', { name: /^Sud/ }).check();
		await expect.poll(() => page.url()).toContain('zone=sud');
		await expect.poll(() => total(page), SERVER).toBeLessThan(seen.all);
		seen.sud = await total(page);
		await expect.poll(() => page.evaluate(`window.maillageMap.getSource('actors').tiles[0]`)).toContain('zone=sud');
		await tilesSettled(page);
		seen.mapSud = await onMap(page);

		await page.getByText('Secteur ESS').click();
		await page.getByRole('checkbox', { name: /^Sports & loisirs/ }).check();
		await expect.poll(() => page.url()).toContain('secteur=sport_loisirs');
		await expect.poll(() => total(page), SERVER).toBeLessThan(seen.sud);
		seen.sudSport = await total(page);
		await mapIdle(page);
		await screenshot(page, `explorer-${backend}-sud-sport`);

		// The same link in a new page gives the same view.
		const copy = await session.context.newPage();
		await copy.goto(page.url());
		await ready(copy);
		await expect.poll(() => total(copy), SERVER).toBe(seen.sudSport);
		expect(await copy.getByRole('checkbox', { name: /^Sud/ }).isChecked()).toBe(true);
		await copy.close();
		expect(errors).toEqual([]);
		await page.close();

		// The counts and the tiles agree with SQL written independently of the app, read now:
		// another test's edit cannot come between them.
		const counts = await session.server.withDatabase(async (db) => {
			const row = await sql<{ all: number; sud: number; sud_sport: number; placed: number; placed_sud: number }>`
				SELECT count(*)::int AS all,
					count(*) FILTER (WHERE t.zone_code = 'sud')::int AS sud,
					count(*) FILTER (WHERE t.zone_code = 'sud' AND left(a.naf, 2) = '93')::int AS sud_sport,
					count(*) FILTER (WHERE a.geom IS NOT NULL)::int AS placed,
					count(*) FILTER (WHERE a.geom IS NOT NULL AND t.zone_code = 'sud')::int AS placed_sud
				FROM actor a JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
				-- Collectivités are not ESS structures: counted apart, their layer off by default.
				WHERE a.kind <> 'collectivite'`.execute(db);
			return row.rows[0];
		});
		// The tiles drawn hold every placed actor of the filter, once.
		expect(seen).toEqual({
			all: counts.all,
			sud: counts.sud,
			sudSport: counts.sud_sport,
			mapAll: counts.placed,
			mapSud: counts.placed_sud
		});
	});

	it('finds an actor by name with a typo and by SIRET, and opens its panel', async () => {
		const page = await session.context.newPage();
		await page.goto(session.server.url);
		await ready(page);
		const box = page.getByRole('combobox', { name: 'Rechercher un acteur ou un territoire' });
		await box.fill('epicrie solidaire');
		await expect.poll(() => page.getByRole('listbox', { name: 'Résultats' }).getByRole('option').count(), SERVER).toBeGreaterThan(0);
		const first = (await page.getByRole('listbox', { name: 'Résultats' }).getByRole('option').first().textContent()) ?? '';
		expect(first.toLowerCase()).toContain('épicerie solidaire');
		await page.keyboard.press('Enter');
		const panel = page.getByTestId('actor-panel');
		await expect.poll(() => panel.locator('h2').textContent(), SERVER).toMatch(/Épicerie solidaire/);
		// The map flies to it and rings it, from the tiles of the closer zoom.
		await expect
			.poll(() => page.evaluate(`window.maillageMap.queryRenderedFeatures({ layers: ['actors-selected'] }).length`), { timeout: 30_000 })
			.toBe(1);
		const siret = (await panel.getByTestId('actor-siret').textContent())!.trim();
		expect(page.url()).toMatch(/acteur=\d+/);

		await box.fill(siret);
		await expect
			.poll(() => page.getByRole('listbox', { name: 'Résultats' }).getByRole('option').first().textContent(), SERVER)
			.toContain(siret);
		await mapIdle(page);
		await screenshot(page, `explorer-${backend}-search-siret`);
		await page.keyboard.press('Enter');
		await expect.poll(() => panel.getByTestId('actor-siret').textContent()).toBe(siret);
		await expect.poll(() => panel.getByRole('heading', { name: 'Parcours DLA' }).count()).toBe(1);
		await mapIdle(page);
		await screenshot(page, `explorer-${backend}-actor`);
		await page.close();
	});

	it('edits an actor, refuses to overwrite a concurrent edit, and moves its point by dragging', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const list = await (await page.request.get(`${session.server.url}/api/actors?kind=structure_ess&par=1&tri=nom`)).json();
		const id = list.rows[0].id;
		await page.goto(`${session.server.url}/?acteur=${id}`);
		await ready(page);
		const panel = page.getByTestId('actor-panel');
		await panel.getByRole('button', { name: 'Modifier' }).click();
		await panel.getByLabel('Sigle').fill('ESSAI');
		// Someone else saves the same actor meanwhile.
		const current = await (await page.request.get(`${session.server.url}/api/actors/${id}`)).json();
		const other = await page.request.patch(`${session.server.url}/api/actors/${id}`, {
			data: { version: current.version, changes: { notes: 'modifié ailleurs' } }
		});
		expect(other.status()).toBe(200);
		await panel.getByRole('button', { name: 'Enregistrer' }).click();
		await expect.poll(() => panel.getByRole('alert').textContent()).toMatch(/modifiée entre-temps/);
		await screenshot(page, `explorer-${backend}-edit-conflict`);
		// After reloading, the edit goes through.
		await panel.getByRole('button', { name: 'Annuler' }).click();
		await page.reload();
		await ready(page);
		await panel.getByRole('button', { name: 'Modifier' }).click();
		await panel.getByLabel('Sigle').fill('ESSAI');
		await panel.getByRole('button', { name: 'Enregistrer' }).click();
		await expect.poll(() => panel.locator('dd').first().textContent(), SERVER).toBe('ESSAI');

		// Move the point: drag the marker 80 px to the right, then confirm.
		const before = await (await page.request.get(`${session.server.url}/api/actors/${id}`)).json();
		if (before.lon !== null) {
			await panel.getByRole('button', { name: 'Déplacer le point' }).click();
			const marker = page.locator('.maplibregl-marker');
			await marker.waitFor();
			// Close up: 80 px is then a few hundred metres, a move that stays in the commune (a point
			// moved more than 2 km away from its commune is refused).
			await page.evaluate(`window.maillageMap.jumpTo({ center: [${before.lon}, ${before.lat}], zoom: 15 })`);
			await mapIdle(page);
			const box = (await marker.boundingBox())!;
			await page.mouse.move(box.x + box.width / 2, box.y + box.height - 4);
			await page.mouse.down();
			await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height - 4, { steps: 5 });
			await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height - 4, { steps: 5 });
			await page.mouse.up();
			await page.getByRole('button', { name: 'Enregistrer la position' }).click();
			await expect
				.poll(async () => (await (await page.request.get(`${session.server.url}/api/actors/${id}`)).json()).lon)
				.toBeGreaterThan(before.lon);
			const moved = await (await page.request.get(`${session.server.url}/api/actors/${id}`)).json();
			expect(moved.precision).toBe('adresse');
			expect(moved.lat).toBeCloseTo(before.lat, 2);
			// The map reloads its tiles: close up, the ring of the selection is where the point now is.
			await page.evaluate(`window.maillageMap.jumpTo({ center: [${moved.lon}, ${moved.lat}], zoom: 14 })`);
			await tilesSettled(page);
			await expect
				.poll(
					() =>
						page.evaluate(
							`window.maillageMap.queryRenderedFeatures({ layers: ['actors-selected'] }).map((f) => f.geometry.coordinates[0])`
						),
					{ timeout: 30_000 }
				)
				.toEqual([expect.closeTo(moved.lon, 3)]);
			await screenshot(page, `explorer-${backend}-moved`);
		}
		expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
		await page.close();
	});

	it('lists the filtered actors, sorts them, opens one from the list and exports exactly them', async () => {
		const page = await session.context.newPage();
		await page.goto(`${session.server.url}/?zone=sud&kind=initiative`);
		await ready(page);
		await page.getByRole('button', { name: 'Voir la liste et exporter' }).click();
		const list = page.getByTestId('actor-list');
		await expect.poll(() => list.locator('tbody tr').count()).toBeGreaterThan(0);
		const count = await total(page);
		await list.getByRole('button', { name: 'Commune' }).click();
		await expect.poll(() => list.locator('th[aria-sort="ascending"]').textContent()).toMatch(/Commune/);
		// The sorted page arrives after the header changes: wait until the table is no longer busy.
		await list.locator('table[aria-busy="false"]').waitFor();
		// Sorted by the database's collation (C on PGlite, the locale's on the server): check the ends only.
		const communes = await list.locator('tbody tr td:nth-child(2)').allTextContents();
		expect(communes[0] <= communes[communes.length - 1] || communes[0].localeCompare(communes[communes.length - 1], 'fr') <= 0).toBe(true);
		const name = (await list.locator('tbody tr').first().getByRole('button').textContent())!.trim();
		await list.getByRole('button', { name, exact: true }).click();
		await expect.poll(() => page.getByTestId('actor-panel').locator('h2').textContent()).toBe(name);
		const [download] = await Promise.all([page.waitForEvent('download'), list.getByRole('link', { name: 'CSV' }).click()]);
		const csv = await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8');
		expect(csv.startsWith('\ufeff')).toBe(true);
		expect(csv.trim().split('\r\n')).toHaveLength(count + 1);
		// The map position is in the URL: the copied link reopens the same place.
		await page.evaluate(() => window.maillageMap.jumpTo({ center: [6.9, 48.75], zoom: 10 }));
		await expect.poll(() => page.url()).toContain('carte=6.9000%2C48.7500%2C10.00');
		const copy = await session.context.newPage();
		await copy.goto(page.url());
		await ready(copy);
		expect(await copy.evaluate(() => window.maillageMap.getZoom())).toBeCloseTo(10, 1);
		await screenshot(page, `explorer-${backend}-list`);
		await copy.close();
		await page.close();
	});

	it('counts the collectivités apart, behind a layer of their own, and still opens an older link asking for them', async () => {
		const counts = await session.server.withDatabase(async (db) => {
			const row = await sql<{ ess: number; collectivites: number }>`
				SELECT count(*) FILTER (WHERE a.kind <> 'collectivite')::int AS ess, count(*) FILTER (WHERE a.kind = 'collectivite')::int AS collectivites
				FROM actor a JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code`.execute(db);
			return row.rows[0];
		});
		expect(counts.collectivites).toBeGreaterThan(0);
		const page = await session.context.newPage();
		await page.goto(session.server.url);
		await ready(page);
		const collectivites = page.getByTestId('collectivite-total');
		await expect.poll(() => total(page), SERVER).toBe(counts.ess);
		await expect.poll(() => collectivites.textContent().then((t) => Number(t!.replace(/\D/g, ''))), SERVER).toBe(counts.collectivites);
		// The public administration is no ESS sector: not listed while the collectivités are hidden.
		await page.getByText('Secteur ESS').click();
		expect(await page.getByRole('checkbox', { name: /Administration publique/ }).count()).toBe(0);
		// One switch for them, the layer's (no more a kind among the filters).
		expect(await page.getByRole('checkbox', { name: /Collectivité/ }).count()).toBe(1);
		await page.getByRole('checkbox', { name: /Collectivités/ }).check();
		await expect.poll(() => page.url()).toContain('couches=communes%2Cepci%2Czones%2Cacteurs%2Ccollectivites');
		await expect.poll(() => total(page), SERVER).toBe(counts.ess + counts.collectivites);
		// The sector list the user opened stays open while the counts change under it, and lists the
		// public sector now.
		await expect.poll(() => page.getByRole('checkbox', { name: /Administration publique/ }).count()).toBe(1);
		expect(await page.locator('details', { hasText: 'Secteur ESS' }).first().getAttribute('open')).not.toBeNull();
		await mapIdle(page);
		await screenshot(page, `explorer-${backend}-collectivites`);
		await page.close();

		// A link of before the layer (`kind=collectivite`) still opens on the collectivités.
		const old = await session.context.newPage();
		await old.goto(`${session.server.url}/?kind=collectivite`);
		await ready(old);
		await expect.poll(() => total(old), SERVER).toBe(counts.collectivites);
		expect(await old.getByRole('checkbox', { name: /Collectivités/ }).isChecked()).toBe(true);
		await old.getByRole('checkbox', { name: /Collectivités/ }).uncheck();
		await expect.poll(() => total(old), SERVER).toBe(counts.ess);
		expect(old.url()).not.toContain('kind=');
		await old.close();
	});

	it('finds a sector by the word people use (« culture », « handicap »)', async () => {
		const page = await session.context.newPage();
		await page.goto(session.server.url);
		await ready(page);
		await page.getByText('Secteur ESS').click();
		const search = page.getByRole('searchbox', { name: 'Chercher un secteur' });
		await search.fill('Culture');
		await expect.poll(() => page.getByRole('checkbox', { name: /^Arts, spectacles & patrimoine/ }).count()).toBe(1);
		expect(await page.getByRole('checkbox', { name: /^Sports & loisirs/ }).count()).toBe(0);
		await search.fill('HANDICAP');
		await expect.poll(() => page.getByRole('checkbox', { name: /^Action sociale/ }).count()).toBe(2);
		expect(await page.getByRole('checkbox', { name: /^Arts, spectacles/ }).count()).toBe(0);
		await screenshot(page, `explorer-${backend}-sector-search`);
		await page.getByRole('checkbox', { name: /^Action sociale sans hébergement/ }).check();
		await expect.poll(() => page.url()).toContain('secteur=social_sans_hebergement');
		await search.fill('xyzzy');
		await expect.poll(() => page.getByRole('checkbox', { name: /^Action sociale avec hébergement/ }).count()).toBe(0);
		// The checked sector stays listed, so that it can be unchecked.
		expect(await page.getByRole('checkbox', { name: /^Action sociale sans hébergement/ }).isChecked()).toBe(true);
		await page.close();
	});

	it('shows a search result the filters hide, says so, and clears the filters in one click', async () => {
		const hidden = await session.server.withDatabase(async (db) => {
			const row = await sql<{ id: number; nom: string }>`
				SELECT a.id, a.nom FROM actor a JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
				WHERE a.kind = 'structure_ess' AND t.zone_code <> 'sud' AND a.geom IS NOT NULL AND a.precision = 'adresse'
				ORDER BY length(a.nom) DESC, a.id LIMIT 1`.execute(db);
			return row.rows[0];
		});
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		await page.goto(`${session.server.url}/?zone=sud`);
		await ready(page);
		const box = page.getByRole('combobox', { name: 'Rechercher un acteur ou un territoire' });
		await box.fill(hidden.nom);
		const option = page.getByRole('listbox', { name: 'Résultats' }).getByRole('option', { name: hidden.nom }).first();
		await option.waitFor({ timeout: 20_000 });
		await option.click();
		const panel = page.getByTestId('actor-panel');
		await expect.poll(() => panel.locator('h2').textContent(), SERVER).toBe(hidden.nom);
		const notice = page.getByTestId('hidden-actor');
		await expect.poll(() => notice.textContent(), SERVER).toContain('Masqué par les filtres actifs');
		expect(page.url()).toContain(`acteur=${hidden.id}`);
		// A marker stands in for its point, which the filtered tiles do not hold.
		await expect.poll(() => page.locator('.maplibregl-marker').count()).toBe(1);
		await mapIdle(page);
		await screenshot(page, `explorer-${backend}-hidden-result`);
		await notice.getByRole('button', { name: 'Effacer les filtres' }).click();
		await expect.poll(() => page.url()).not.toContain('zone=sud');
		expect(page.url()).toContain(`acteur=${hidden.id}`);
		await expect.poll(() => notice.count(), SERVER).toBe(0);
		await expect.poll(() => page.locator('.maplibregl-marker').count()).toBe(0);
		await expect
			.poll(() => page.evaluate(`window.maillageMap.queryRenderedFeatures({ layers: ['actors-selected'] }).length`), { timeout: 30_000 })
			.toBe(1);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('has one search box: results grouped by kind, driven from the keyboard, and a text filter of the map and the list', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		await page.goto(session.server.url);
		await ready(page);
		await expect.poll(() => total(page), SERVER).toBeGreaterThan(2000);
		const all = await total(page);
		// No second box beside it (the sector search sits inside the closed sector list).
		expect(await page.locator('.controls input[type="search"]:visible, .controls input[type="text"]:visible').count()).toBe(1);
		const box = page.getByRole('combobox', { name: 'Rechercher un acteur ou un territoire' });
		const results = page.getByRole('listbox', { name: 'Résultats' });
		await box.fill('metz');
		await expect.poll(() => results.getByRole('group').count(), SERVER).toBeGreaterThan(1);
		const groups = await results
			.getByRole('group')
			.evaluateAll((nodes) => nodes.map((n) => document.getElementById(n.getAttribute('aria-labelledby')!)!.textContent!.trim()));
		// Territories first, then the actors by kind, ESS structures before the collectivités.
		const order = ['Territoires', 'Structures de l’ESS', 'Partenaires', 'Initiatives', 'Collectivités'];
		expect(groups).toEqual(order.filter((g) => groups.includes(g)));
		expect(
			await results
				.getByRole('group', { name: 'Territoires' })
				.getByRole('option', { name: /^Metz Commune$/ })
				.count()
		).toBe(1);
		// The last entry filters by the text, always in sight.
		const filterEntry = results.getByRole('option', { name: /^Filtrer les acteurs par « metz »/ });
		expect(await filterEntry.isVisible()).toBe(true);
		await mapIdle(page);
		await screenshot(page, `explorer-${backend}-search-groups`);

		// The arrows move through every option, wrapping round; Échap closes, then empties the box.
		const activeId = () => box.getAttribute('aria-activedescendant');
		const first = await results.getByRole('option').first().getAttribute('id');
		expect(await activeId()).toBe(first);
		await page.keyboard.press('ArrowUp');
		expect(await activeId()).toBe(await filterEntry.getAttribute('id'));
		await page.keyboard.press('ArrowDown');
		expect(await activeId()).toBe(first);
		await page.keyboard.press('ArrowDown');
		expect(await activeId()).toBe(await results.getByRole('option').nth(1).getAttribute('id'));
		expect(await page.locator(`#${await activeId()}`).getAttribute('aria-selected')).toBe('true');
		await page.keyboard.press('Escape');
		expect(await results.count()).toBe(0);
		expect(await box.getAttribute('aria-expanded')).toBe('false');
		expect(await box.inputValue()).toBe('metz');
		await page.keyboard.press('ArrowDown');
		expect(await results.count()).toBe(1);
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
		expect(await box.inputValue()).toBe('');

		// Filtering: the map, the counts and the list keep the actors whose name or commune holds it.
		await box.fill('metz');
		await filterEntry.waitFor({ timeout: 20_000 });
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.url()).toContain('q=metz');
		await expect.poll(() => total(page), SERVER).toBeLessThan(all);
		const filtered = await total(page);
		expect(filtered).toBeGreaterThan(0);
		expect(await box.inputValue()).toBe('');
		const chip = page.getByTestId('text-filter');
		expect(await chip.textContent()).toContain('Acteurs filtrés par « metz »');
		await expect.poll(() => page.evaluate(`window.maillageMap.getSource('actors').tiles[0]`)).toContain('q=metz');
		await page.getByRole('button', { name: 'Voir la liste et exporter' }).click();
		const list = page.getByTestId('actor-list');
		// (The heading counts 0 until the first page of the list has come.)
		await expect.poll(async () => Number((await list.locator('h2').textContent())!.replace(/\D/g, '')), SERVER).toBe(filtered);
		expect(await list.locator('h2').textContent()).toMatch(/ acteurs? contenant « metz »$/);
		await mapIdle(page);
		await screenshot(page, `explorer-${backend}-text-filter`);
		await chip.getByRole('button', { name: 'Retirer le filtre « metz »' }).click();
		await expect.poll(() => page.url()).not.toContain('q=');
		await expect.poll(() => total(page), SERVER).toBe(all);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('names every EPCI at the département’s view, and the communes only closer', async () => {
		const page = await session.context.newPage();
		const labelled = async (layer: string) =>
			(await page.evaluate(
				`[...new Set(window.maillageMap.queryRenderedFeatures({ layers: ['${layer}'] }).map((f) => f.properties.nom))]`
			)) as string[];
		// The territories alone: every EPCI's name finds a place, none of the communes'.
		await page.goto(`${session.server.url}/?couches=communes%2Cepci%2Czones`);
		await ready(page);
		await mapIdle(page);
		const zoom = await page.evaluate(() => window.maillageMap.getZoom());
		expect(await labelled('epci-label')).toHaveLength(23);
		expect(await labelled('communes-label')).toEqual([]);
		await screenshot(page, `explorer-${backend}-epci-labels`);
		// With the actors drawn, the names give way to the clusters' counts where they meet.
		await page.getByRole('checkbox', { name: 'Acteurs' }).check();
		await tilesSettled(page);
		await mapIdle(page);
		const withActors = await labelled('epci-label');
		console.log(`[explorer] ${backend}: EPCI named at zoom ${zoom.toFixed(2)}: 23 alone, ${withActors.length} with the actors' clusters`);
		expect(withActors.length).toBeGreaterThanOrEqual(18);
		await screenshot(page, `explorer-${backend}-epci-labels-actors`);
		// Closer, the communes are named.
		await page.evaluate(() => window.maillageMap.jumpTo({ center: [6.175, 49.12], zoom: 11 }));
		await mapIdle(page);
		expect((await labelled('communes-label')).length).toBeGreaterThan(5);
		await page.close();
	});

	it('keeps the zoom buttons clear of the list’s pager and of the side panel, and names the account link', async () => {
		const page = await session.context.newPage();
		const list = await (await page.request.get(`${session.server.url}/api/actors?kind=structure_ess&par=1&tri=nom`)).json();
		const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
			a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
		const boxes = async () => {
			const next = (await page.getByTestId('actor-list').getByRole('button', { name: 'Suivante' }).boundingBox())!;
			const zoomIn = (await page.locator('.maplibregl-ctrl-zoom-in').boundingBox())!;
			const zoomOut = (await page.locator('.maplibregl-ctrl-zoom-out').boundingBox())!;
			const panel = (await page.locator('.panel-slot').count()) ? await page.locator('.panel-slot').boundingBox() : null;
			return { next, zoomIn, zoomOut, panel };
		};
		for (const query of ['liste=1', `liste=1&acteur=${list.rows[0].id}`]) {
			await page.goto(`${session.server.url}/?${query}`);
			await ready(page);
			await page.getByTestId('actor-list').locator('tbody tr').first().waitFor();
			const { next, zoomIn, zoomOut, panel } = await boxes();
			for (const zoom of [zoomIn, zoomOut]) {
				expect(overlap(next, zoom), query).toBe(false);
				if (panel) expect(overlap(panel, zoom), query).toBe(false);
				expect(zoom.x + zoom.width <= 1280 && zoom.y + zoom.height <= 800, query).toBe(true);
			}
			await mapIdle(page);
			await screenshot(page, `explorer-${backend}-controls-${panel ? 'panel' : 'list'}`);
		}
		// The account link says what it opens, not who is signed in.
		const account = page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon compte' });
		expect(await account.getAttribute('href')).toBe('/compte');
		await page.close();
	});

	it('draws a classed choropleth of structures per 10,000 inhabitants by EPCI, with its legend', async () => {
		const page = await session.context.newPage();
		await page.goto(session.server.url);
		await ready(page);
		await page.getByLabel('Indicateur').selectOption('structures_10k');
		await expect.poll(() => page.url()).toContain('theme=structures_10k');
		const legend = page.getByTestId('choropleth-legend');
		await expect.poll(() => legend.locator('li').count()).toBe(6);
		expect(await legend.locator('li').first().textContent()).toMatch(/^\s*[\d\u202f,]+ – [\d\u202f,]+\s*$/);
		await expect
			.poll(
				() =>
					page.evaluate(
						() => new Set(window.maillageMap.queryRenderedFeatures({ layers: ['choropleth-fill'] }).map((f) => f.properties.code)).size
					),
				SERVER
			)
			.toBe(23);
		await page.getByLabel('Classes').selectOption('quantiles');
		await expect.poll(() => page.url()).toContain('classes=quantiles');
		await mapIdle(page);
		await screenshot(page, `explorer-${backend}-choropleth`);
		await page.close();
	});
});
