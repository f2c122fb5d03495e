// The parcours screens in a real browser, on the demo territory: an accompaniment opened from an
// actor's panel, dragged across the board to the ingénierie with a prestataire (a refused move
// shows the server's message by its field, a concurrent change reloads the card), found in the
// list, the funnel and « À faire » once its follow-up is past, and in the officer's calendar feed.
// Then the board with 2,000 open parcours: how long it takes to show, and to move one card.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

const SHOTS = '/tmp/shots-parcours-ui';
const BENCH_SOURCE = 'bench-parcours';

/** The screenshot in tests/artifacts, and a copy where the reviewer looks. */
async function shot(page: Page, name: string) {
	const file = await screenshot(page, name);
	fs.mkdirSync(SHOTS, { recursive: true });
	fs.copyFileSync(file, path.join(SHOTS, path.basename(file)));
}

function addDays(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const card = (page: Page, id: number) => page.locator(`[data-testid="parcours-card"][data-id="${id}"]`);
const inColumn = (page: Page, column: string, id: number) => page.getByTestId(`column-${column}`).locator(`[data-id="${id}"]`).count();
const tab = (page: Page, name: string) =>
	page.getByRole('navigation', { name: 'Vues des parcours' }).getByRole('link', { name, exact: true });
const boardReady = (page: Page) => page.waitForSelector('[data-testid="parcours-board"][data-ready="true"]', { timeout: 60_000 });
/** Accessibility problems axe finds in the parcours screen (WCAG 2 A and AA), serious or worse. */
async function accessibility(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).include('.parcours').withTags(['wcag2a', 'wcag2aa']).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
/** The refusals this test provokes on purpose: Chromium logs each failed request as a console error. */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (400|404|409)/.test(e));

describe.each(BACKENDS)('parcours on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('opens an accompaniment from the actor panel, drags it to the ingénierie, and finds it in the list, the funnel, « À faire » and the calendar', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		// « Renouveler l’adresse ? » when a run before this one left an address.
		page.on('dialog', (d) => void d.accept());
		const base = session.server.url;
		const get = async (url: string) => {
			const response = await page.request.get(`${base}${url}`);
			expect(response.status(), url).toBe(200);
			return response.json();
		};
		const { today } = await get('/api/parcours/a-faire');
		const accueil = addDays(today, -10);
		const actor = (await get('/api/actors?kind=structure_ess&statut=jamais&contact=jamais&zone=est&par=1&tri=nom')).rows[0];
		const before = (await get(`/api/parcours/funnel?level=zone&de=${accueil}&a=${today}`)).rows.find(
			(r: { code: string }) => r.code === 'est'
		);

		// The actor panel: open an accompaniment, dated ten days ago.
		await page.goto(`${base}/?acteur=${actor.id}`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		const panel = page.getByTestId('actor-panel');
		await expect.poll(() => panel.locator('h2').textContent()).toBe(actor.nom);
		await panel.getByRole('button', { name: 'Ouvrir un accompagnement' }).click();
		await panel.getByLabel('Date d’accueil').fill(accueil);
		await panel.getByRole('button', { name: 'Ouvrir', exact: true }).click();
		await expect.poll(() => panel.getByTestId('actor-open-parcours').textContent()).toMatch(/En cours : Accueil/);
		await shot(page, `parcours-${backend}-actor-panel`);
		await Promise.all([page.waitForURL(/\/parcours\?p=\d+$/), panel.getByRole('link', { name: 'Voir dans le parcours' }).first().click()]);
		const id = Number(new URL(page.url()).searchParams.get('p'));
		await boardReady(page);
		expect(await inColumn(page, 'accueil', id)).toBe(1);
		expect(await card(page, id).getAttribute('class')).toContain('highlighted');
		await expect.poll(() => page.getByTestId('parcours-panel').locator('h2').textContent()).toBe(actor.nom);
		await page.getByRole('button', { name: 'Fermer la fiche du parcours' }).click();
		await page.waitForURL((url) => !url.searchParams.has('p'));

		// Drag to the diagnostic: the dialog asks the date and a note.
		await card(page, id).dragTo(page.getByTestId('column-diagnostic'));
		const dialog = page.getByRole('dialog');
		await expect.poll(() => dialog.getByRole('heading').textContent()).toContain('Diagnostic partagé');
		await dialog.getByLabel('Date').fill(addDays(accueil, 2));
		await dialog.getByLabel('Note').fill('Diagnostic avec le bureau et la directrice');
		await dialog.getByRole('button', { name: 'Enregistrer l’étape' }).click();
		await expect.poll(() => inColumn(page, 'diagnostic', id)).toBe(1);
		expect(await dialog.count()).toBe(0);

		// The keyboard way: the card's menu offers the stages it may go to, Escape closes it.
		await card(page, id)
			.getByRole('button', { name: `Déplacer ${actor.nom}` })
			.click();
		const menu = page.getByRole('menu');
		expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
			'Élaboration du parcours',
			'Ingénierie',
			'Suivi / consolidation',
			'Orienter vers une autre offre',
			'Abandon',
			'Non éligible'
		]);
		await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Escape');
		expect(await menu.count()).toBe(0);

		// Drag to the ingénierie: without its type the server refuses, and says so by the field.
		await card(page, id).dragTo(page.getByTestId('column-ingenierie'));
		await dialog.getByLabel('Date').fill(addDays(accueil, 5));
		await dialog.getByRole('button', { name: 'Enregistrer l’étape' }).click();
		const typeError = dialog.locator('#move-ingenierie_type-error');
		await expect.poll(() => typeError.textContent()).toMatch(/type d’ingénierie/);
		const describedBy = await dialog.getByRole('group', { name: 'Type d’ingénierie' }).getAttribute('aria-describedby');
		expect(describedBy).toBe('move-ingenierie_type-error');
		await dialog.getByLabel('Ingénierie individuelle').check();
		const prestataire = dialog.getByLabel('Prestataire');
		const option = prestataire.locator('optgroup[label="Prestataires"] option').first();
		const prestataireNom = (await option.textContent())!.trim();
		await prestataire.selectOption({ label: prestataireNom });
		await shot(page, `parcours-${backend}-move-dialog`);
		await dialog.getByRole('button', { name: 'Enregistrer l’étape' }).click();
		await expect.poll(() => inColumn(page, 'ingenierie', id)).toBe(1);
		await expect.poll(() => card(page, id).textContent()).toContain(`Prestataire : ${prestataireNom}`);
		const moved = await get(`/api/accompaniments/${id}`);
		expect(moved).toMatchObject({ stage: 'ingenierie', ingenierie_type: 'individuelle', prestataire_nom: prestataireNom });
		expect(moved.steps.map((s: { stage: string }) => s.stage)).toEqual(['accueil', 'diagnostic', 'ingenierie']);

		// Its record beside the board: a follow-up date already past and a theme, saved with the version.
		await card(page, id).getByRole('link', { name: actor.nom }).click();
		const record = page.getByRole('form', { name: 'Fiche du parcours' });
		await record.getByLabel('Prochain suivi').fill(addDays(today, -3));
		await record.getByRole('checkbox', { name: 'Numérique' }).check();
		await record.getByRole('button', { name: 'Enregistrer' }).click();
		await expect.poll(() => record.getByRole('status').textContent()).toBe('Parcours enregistré.');
		// The card follows: its follow-up is overdue (in words, not by colour alone).
		await expect.poll(() => card(page, id).textContent()).toContain('Suivi en retard');
		await shot(page, `parcours-${backend}-fiche`);
		expect(await accessibility(page)).toEqual([]);
		await page.getByRole('button', { name: 'Fermer la fiche du parcours' }).click();
		const saved = await get(`/api/accompaniments/${id}`);
		expect(saved).toMatchObject({ next_followup: addDays(today, -3), themes: ['Numérique'] });

		// Someone else changes the parcours meanwhile: the move is refused (409), the card reloaded.
		const patched = await page.request.patch(`${base}/api/accompaniments/${id}`, {
			data: { version: saved.version, changes: { notes: 'Relancer la trésorière' } }
		});
		expect(patched.status()).toBe(200);
		await card(page, id)
			.getByRole('button', { name: `Déplacer ${actor.nom}` })
			.click();
		await page.getByRole('menuitem', { name: 'Suivi / consolidation' }).click();
		await dialog.getByRole('button', { name: 'Enregistrer l’étape' }).click();
		await expect.poll(() => page.getByTestId('board-status').textContent()).toMatch(/modifié entre-temps par quelqu’un d’autre/);
		expect(await inColumn(page, 'ingenierie', id)).toBe(1);
		const reloaded = await get(`/api/accompaniments/${id}`);
		expect(reloaded.version).toBe(saved.version + 1);
		expect(await card(page, id).getAttribute('data-version')).toBe(String(reloaded.version));
		await card(page, id).scrollIntoViewIfNeeded();
		await shot(page, `parcours-${backend}-board`);
		expect(await accessibility(page)).toEqual([]);

		// The list: sortable headers (aria-sort), exports with the filters.
		await tab(page, 'Liste').click();
		await page.waitForURL(/\/parcours\/liste/);
		const table = page.getByTestId('parcours-table');
		await expect.poll(() => table.getByRole('link', { name: actor.nom }).count()).toBe(1);
		const jours = table.locator('th', { has: page.getByRole('button', { name: /^Jours/ }) });
		await jours.getByRole('button').click();
		await expect.poll(() => jours.getAttribute('aria-sort')).toBe('ascending');
		await jours.getByRole('button').click();
		await expect.poll(() => jours.getAttribute('aria-sort')).toBe('descending');
		const days = (await table.locator('tbody tr td:nth-child(7)').allTextContents()).map((t) => Number(t.replace(/\D/g, '')));
		expect(days).toEqual([...days].sort((a, b) => b - a));
		await page.getByLabel('Zone').selectOption('est');
		await expect.poll(() => page.url()).toContain('zone=est');
		const csvHref = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
		expect(csvHref).toBe('/api/parcours/export?zone=est&format=csv');
		const csv = await page.request.get(`${base}${csvHref}`);
		expect(csv.status()).toBe(200);
		expect(await csv.text()).toContain(actor.nom);
		expect(await page.getByRole('link', { name: 'XLSX' }).getAttribute('href')).toBe('/api/parcours/export?zone=est&format=xlsx');
		await shot(page, `parcours-${backend}-liste`);
		expect(await accessibility(page)).toEqual([]);

		// « À faire »: the overdue follow-up, with the structure's link.
		await tab(page, 'À faire').click();
		await page.waitForURL(/\/parcours\/a-faire\?zone=est/);
		const followups = page.getByTestId('todo-followups');
		const line = followups.locator('tr', { has: page.getByRole('link', { name: actor.nom, exact: true }) });
		await expect.poll(() => line.textContent()).toMatch(/en retard/);
		expect(await line.getByRole('link', { name: actor.nom }).getAttribute('href')).toBe(`/?acteur=${actor.id}`);
		await shot(page, `parcours-${backend}-a-faire`);
		expect(await accessibility(page)).toEqual([]);

		// The calendar feed: a private address, fetched without a session, lists the follow-up.
		await page.goto(`${base}/compte`);
		const subscription = page.getByTestId('calendar-subscription');
		await subscription.getByRole('button', { name: /Créer l’adresse|Renouveler l’adresse/ }).click();
		const feedUrl = await subscription.getByLabel('Adresse d’abonnement').inputValue();
		expect(feedUrl).toMatch(new RegExp(`^${escapeRegex(base)}/calendrier/[\\w-]{20,}$`));
		await shot(page, `parcours-${backend}-compte`);
		const feed = await fetch(feedUrl);
		expect(feed.status, session.server.output().slice(-3000)).toBe(200);
		expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
		const ics = (await feed.text()).replace(/\r\n[ \t]/g, '');
		expect(ics).toMatch(/^BEGIN:VCALENDAR/);
		const events = ics.split('BEGIN:VEVENT').slice(1);
		const event = events.find((e) => e.includes(actor.nom.replace(/([,;])/g, '\\$1')));
		expect(event).toBeDefined();
		expect(event).toMatch(new RegExp(`DTSTART;VALUE=DATE:${addDays(today, -3).replace(/-/g, '')}`));

		// Back to « À faire »: the contact noted in place clears the follow-up.
		await page.goto(`${base}/parcours/a-faire?zone=est`);
		await line.getByRole('button', { name: `Noter un contact avec ${actor.nom}` }).click();
		const form = page.getByRole('form', { name: `Noter un contact avec ${actor.nom}` });
		await form.getByLabel('Type').selectOption('visite');
		await form.getByLabel('Note').fill('Point d’étape avec le prestataire');
		await form.getByRole('button', { name: 'Enregistrer le contact' }).click();
		await expect.poll(() => page.getByTestId('todo-status').textContent()).toMatch(/Contact du .* enregistré/);
		await expect.poll(() => line.count()).toBe(0);
		const actorRecord = await get(`/api/actors/${actor.id}`);
		expect(actorRecord.contact_log[0]).toMatchObject({ type: 'visite', date: today, note: 'Point d’étape avec le prestataire' });

		// A structure met (a contact noted) but without a parcours: one is opened where it is listed.
		const met = (await get('/api/actors?kind=structure_ess&statut=jamais&contact=jamais&zone=est&par=2&tri=nom')).rows.find(
			(r: { id: number }) => r.id !== actor.id
		);
		const contact = await page.request.post(`${base}/api/actors/${met.id}/contacts`, { data: { date: today, type: 'appel' } });
		expect(contact.status()).toBe(201);
		await page.reload();
		const metLine = page.getByTestId('todo-met').locator('tr', { has: page.getByRole('link', { name: met.nom, exact: true }) });
		await metLine.getByRole('button', { name: `Ouvrir un parcours pour ${met.nom}` }).click();
		await expect.poll(() => page.getByTestId('todo-status').textContent()).toContain(`Parcours ouvert pour ${met.nom}`);
		await expect.poll(() => metLine.count()).toBe(0);
		const opened = await get(`/api/parcours?zone=est`);
		expect(opened.rows.find((r: { actor_id: number }) => r.actor_id === met.id)).toMatchObject({ stage: 'accueil' });

		// Revoked, the address answers 404.
		await page.goto(`${base}/compte`);
		await subscription.getByRole('button', { name: 'Révoquer' }).click();
		await expect.poll(() => subscription.getByRole('status').textContent()).toMatch(/révoquée/);
		expect((await fetch(feedUrl)).status).toBe(404);

		// The funnel of the period: one more structure of the Est zone reached the ingénierie.
		await page.goto(`${base}/parcours/entonnoir?de=${accueil}&a=${today}`);
		const est = page.getByTestId('funnel-table').locator('tbody tr', { has: page.getByRole('rowheader', { name: /^Est/ }) });
		const ingenierie = est.locator('td').nth(3);
		await expect.poll(() => ingenierie.textContent()).toBe(String(before.reached.ingenierie + 1));
		expect(await page.getByTestId('funnel-compare').getByTestId('funnel-est').count()).toBe(1);
		expect(await page.getByTestId('funnel-compare').getByTestId('funnel-sud').count()).toBe(1);
		await shot(page, `parcours-${backend}-entonnoir`);
		expect(await accessibility(page)).toEqual([]);

		expect(unexpected(errors)).toEqual([]);
		await page.close();
	});

	it('shows a board of 2,000 open parcours and moves one of them', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const base = session.server.url;
		// 2,000 structures without a running parcours get one, spread over the stages.
		const seeded = await session.server.withDatabase(async (db) => {
			const { rows } = await sql<{ n: number }>`
				WITH candidate AS (
					SELECT a.id, row_number() OVER (ORDER BY a.id) AS n FROM actor a
					WHERE a.kind = 'structure_ess'
						AND NOT EXISTS (SELECT 1 FROM accompaniment ac WHERE ac.actor_id = a.id
							AND ac.stage IN ('accueil', 'diagnostic', 'plan', 'ingenierie', 'suivi'))
					ORDER BY a.id LIMIT 2000
				), owner AS (SELECT min(id) AS id FROM app_user)
				INSERT INTO accompaniment (actor_id, stage, date_accueil, date_diagnostic, date_plan, date_ingenierie, date_suivi,
					ingenierie_type, next_followup, owner_id, source)
				SELECT c.id, (ARRAY['accueil', 'diagnostic', 'plan', 'ingenierie', 'suivi'])[1 + c.n % 5],
					current_date - (60 + c.n % 300)::int,
					CASE WHEN c.n % 5 >= 1 THEN current_date - (45 + c.n % 200)::int END,
					CASE WHEN c.n % 5 >= 2 THEN current_date - (30 + c.n % 150)::int END,
					CASE WHEN c.n % 5 >= 3 THEN current_date - (20 + c.n % 100)::int END,
					CASE WHEN c.n % 5 >= 4 THEN current_date - (10 + c.n % 50)::int END,
					CASE WHEN c.n % 5 >= 3 THEN 'individuelle' END,
					CASE WHEN c.n % 7 = 0 THEN current_date + (c.n % 60 - 30)::int END,
					owner.id, ${BENCH_SOURCE}
				FROM candidate c CROSS JOIN owner
				RETURNING 1 AS n`.execute(db);
			return rows.length;
		});
		expect(seeded).toBe(2000);
		try {
			const t0 = performance.now();
			const answer = await page.request.get(`${base}/api/parcours`);
			const apiMs = performance.now() - t0;
			const rows: { stage: string }[] = (await answer.json()).rows;
			const open = rows.length;
			expect(open).toBeGreaterThanOrEqual(2000);
			// Each column shows its first 50 cards (most urgent first), more on demand.
			const perStage = ['accueil', 'diagnostic', 'plan', 'ingenierie', 'suivi'].map((s) => rows.filter((r) => r.stage === s).length);
			const shown = perStage.reduce((sum, n) => sum + Math.min(n, 50), 0);

			// A full load: the server renders the board, the browser hydrates it.
			const t1 = performance.now();
			await page.goto(`${base}/parcours`);
			await boardReady(page);
			const loadMs = performance.now() - t1;
			expect(await page.getByTestId('parcours-card').count()).toBe(shown);
			expect(await page.getByTestId('board-summary').textContent()).toContain(`${open.toLocaleString('fr-FR')} parcours en cours`);

			// A client-side navigation: from the list back to the board (fetch and render).
			await tab(page, 'Liste').click();
			await page.waitForURL(/\/parcours\/liste/);
			await expect.poll(() => page.getByTestId('list-count').textContent()).toMatch(/parcours en cours/);
			const t2 = performance.now();
			await tab(page, 'Tableau').click();
			await page.waitForFunction((n) => document.querySelectorAll('[data-testid="parcours-card"]').length === n, shown, {
				timeout: 60_000
			});
			await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
			const renderMs = performance.now() - t2;

			// The next 50 cards of the suivi column.
			const suivi = page.getByTestId('column-suivi');
			const t5 = performance.now();
			await suivi.getByRole('button', { name: /^Afficher 50 de plus/ }).click();
			await expect.poll(() => suivi.getByTestId('parcours-card').count()).toBe(Math.min(100, perStage[4]));
			const moreMs = performance.now() - t5;

			// Drag the first card of the accueil column to the diagnostic.
			const first = page.getByTestId('column-accueil').getByTestId('parcours-card').first();
			const id = Number(await first.getAttribute('data-id'));
			const t3 = performance.now();
			await first.dragTo(page.getByTestId('column-diagnostic'));
			const dialog = page.getByRole('dialog');
			await dialog.getByRole('button', { name: 'Enregistrer l’étape' }).waitFor();
			const dragMs = performance.now() - t3;
			const t4 = performance.now();
			await dialog.getByRole('button', { name: 'Enregistrer l’étape' }).click();
			await page.waitForFunction((cardId) => !!document.querySelector(`[data-testid="column-diagnostic"] [data-id="${cardId}"]`), id, {
				timeout: 30_000
			});
			const saveMs = performance.now() - t4;
			await shot(page, `parcours-${backend}-board-2000`);
			console.log(
				`[bench parcours ${backend}] ${open} parcours en cours : GET /api/parcours ${Math.round(apiMs)} ms, ` +
					`chargement complet du tableau ${Math.round(loadMs)} ms, rendu après navigation ${Math.round(renderMs)} ms ` +
					`(${shown} cartes affichées), 50 cartes de plus ${Math.round(moreMs)} ms, ` +
					`glisser-déposer → dialogue ${Math.round(dragMs)} ms, enregistrement → carte déplacée ${Math.round(saveMs)} ms`
			);
			expect(unexpected(errors)).toEqual([]);
		} finally {
			await page.close();
			await session.server.withDatabase((db) => db.deleteFrom('accompaniment').where('source', '=', BENCH_SOURCE).execute());
		}
	});
});
