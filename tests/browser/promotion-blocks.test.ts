// The public map drawn over its whole frame with its points once MapLibre is idle (a desktop
// screenshot had shown it in its upper half only, without points: the page outside the app's
// layout did not load MapLibre's stylesheet), with a confirmed event to come on it and in its list;
// and a newsletter composed with the « prochaines rencontres » and « témoignage » blocks, previewed.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { todayIn } from '../../src/lib/domain/parcours/calendar';
import { collectErrors, mapIdle, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

const inDays = (days: number) => {
	const d = new Date(`${todayIn()}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
};

const EVENT = 'Rencontre de l’ESS du Saulnois';
const TESTIMONY = 'Grâce au DLA, notre ressourcerie a trouvé son modèle économique.';

describe('promotion blocks and the public map on pglite', () => {
	const session = useBrowserSession('pglite', {}, { own: true });

	it('draws the public map over its whole frame with its points and the event to come', async () => {
		await session.server.withDatabase(async (db) => {
			const place = await db
				.selectFrom('actor')
				.select('id')
				.where('kind', '=', 'structure_ess')
				.where('geom', 'is not', null)
				.orderBy('id')
				.limit(1)
				.executeTakeFirstOrThrow();
			await db
				.insertInto('rencontre')
				.values({
					titre: EVENT,
					kind: 'rencontre_territoriale',
					date: inDays(14),
					heure_debut: '18:00',
					status: 'confirme',
					lieu_actor_id: place.id,
					geom: sql<string>`(SELECT geom FROM actor WHERE id = ${place.id})`
				} as never)
				.execute();
			const accompanied = await db.selectFrom('accompaniment').select('actor_id').orderBy('id').limit(1).executeTakeFirstOrThrow();
			await db
				.insertInto('testimonial')
				.values({
					actor_id: accompanied.actor_id,
					texte: TESTIMONY,
					personne_nom: 'Aline Témoin-Lettre',
					personne_role: 'Directrice',
					consent_site: true,
					consent_newsletter: true,
					consent_portrait: false,
					show_structure: true,
					show_person: false,
					status: 'accepte',
					moderated_at: new Date()
				})
				.execute();
		});
		const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
		try {
			const page = await context.newPage();
			const errors = collectErrors(page);
			await page.goto(`${session.server.url}/public`);
			await expect.poll(() => page.getByTestId('public-count').textContent(), { timeout: 60_000 }).toMatch(/\d+ structures de l’ESS/);
			await mapIdle(page, 'maillagePublicMap');
			const drawn = await page.evaluate(() => {
				const map = (window as unknown as { maillagePublicMap: import('maplibre-gl').Map }).maillagePublicMap;
				const frame = map.getContainer().getBoundingClientRect();
				const canvas = map.getCanvas().getBoundingClientRect();
				const { width, height } = frame;
				const lower = map.queryRenderedFeatures(
					[
						[0, height / 2],
						[width, height]
					],
					{ layers: ['public-structures-points'] }
				);
				return {
					frame: [Math.round(width), Math.round(height)],
					canvas: [Math.round(canvas.width), Math.round(canvas.height), Math.round(canvas.top - frame.top)],
					points: map.queryRenderedFeatures({ layers: ['public-structures-points'] }).length,
					lowerPoints: lower.length,
					events: map.queryRenderedFeatures({ layers: ['public-rencontres-points'] }).length
				};
			});
			await screenshot(page, 'public-map-drawn-desktop');
			// The canvas fills its frame, at its top; points everywhere, the lower half included.
			expect(drawn.canvas).toEqual([...drawn.frame, 0]);
			expect(drawn.points).toBeGreaterThan(500);
			expect(drawn.lowerPoints).toBeGreaterThan(50);
			expect(drawn.events).toBe(1);
			expect(await page.getByTestId('public-rencontres').textContent()).toContain(EVENT);
			// Its facts on a click, public ones only.
			const at = await page.evaluate(() => {
				const map = (window as unknown as { maillagePublicMap: import('maplibre-gl').Map }).maillagePublicMap;
				const f = map.queryRenderedFeatures({ layers: ['public-rencontres-points'] })[0];
				const p = map.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
				const r = map.getCanvas().getBoundingClientRect();
				return { x: r.left + p.x, y: r.top + p.y };
			});
			await page.mouse.click(at.x, at.y);
			await expect.poll(() => page.getByTestId('public-rencontre').textContent()).toContain(EVENT);
			await page.getByTestId('public-rencontres').scrollIntoViewIfNeeded();
			await screenshot(page, 'public-map-event');
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	}, 240_000);

	it('composes a newsletter with the events and testimonial blocks and previews them', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		await page.goto(`${session.server.url}/lettres`);
		await page.getByLabel('Titre').fill('La lettre — rencontres et témoignage');
		await page.getByRole('button', { name: 'Créer et composer' }).click();
		await page.waitForURL(/\/lettres\/\d+$/);
		await page.getByRole('button', { name: 'Prochaines rencontres', exact: true }).click();
		await page.getByRole('button', { name: 'Témoignage', exact: true }).click();
		const choice = page.getByTestId('block').filter({ hasText: 'Le plus récent' }).locator('select');
		const option = await choice.locator('option', { hasText: 'ressourcerie' }).getAttribute('value');
		await choice.selectOption(option!);
		await page.getByRole('button', { name: 'Enregistrer et prévisualiser' }).click();
		await expect.poll(() => page.getByText('Enregistré.').count()).toBe(1);
		const desktop = page.frameLocator('[data-testid="preview-desktop"]');
		await expect.poll(() => desktop.locator('body').textContent(), { timeout: 30_000 }).toContain(TESTIMONY);
		const body = (await desktop.locator('body').textContent())!;
		expect(body).toContain('Prochaines rencontres');
		expect(body).toContain(EVENT);
		expect(body).toContain('Rencontre territoriale');
		// The person did not agree to be named: their role only.
		expect(body).toContain('— Directrice');
		expect(body).not.toContain('Témoin-Lettre');
		await page.screenshot({ path: 'tests/artifacts/newsletter-blocks-compose.png', fullPage: true });

		// The structure's agreement to be named as accompanied, with its source, then in its panel.
		await page.goto(`${session.server.url}/temoignages`);
		const form = page.locator('form[action="?/accord"]');
		const structure = form.locator('select[name="actor_id"]');
		const actorId = await structure.locator('option').first().getAttribute('value');
		await structure.selectOption(actorId!);
		await form.getByLabel('Source de l’accord ou du retrait').fill('courriel de la présidente du 2 mars');
		await form.getByRole('button', { name: 'A donné son accord' }).click();
		await expect.poll(() => page.getByTestId('moderation-message').textContent()).toContain('citée comme accompagnée');
		await screenshot(page, 'publication-consent-recorded');
		await page.goto(`${session.server.url}/?acteur=${actorId}`);
		await expect
			.poll(() => page.getByTestId('actor-publication-consent').textContent(), { timeout: 60_000 })
			.toMatch(/D’accord pour être citée comme accompagnée.*le\s\d+\s\S+\s\d{4}.*source : courriel de la présidente du 2 mars.*noté par/s);
		await page.getByTestId('actor-publication-consent').scrollIntoViewIfNeeded();
		await screenshot(page, 'publication-consent-panel');
		expect(errors).toEqual([]);
	}, 180_000);
});
