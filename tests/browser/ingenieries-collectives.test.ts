// The ingénieries collectives screen in a real browser on the demo territory: one created with
// two structures' parcours (prestataire among the partners, budget, days, dates, theme), shown on
// both parcours' panels with a link back to it; a member removed and added again from its card.
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, screenshot, seriousAccessibilityIssues } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

/** Waits on what the server answers: the machine running the tests may be loaded. */
const SERVER = { timeout: 30_000 };
const TITRE = 'Stratégie numérique des tiers-lieux';

describe.each(BACKENDS)('ingénieries collectives on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('creates a collective ingénierie with two structures’ parcours and shows it on both panels', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const base = session.server.url;
		const request = async (method: 'get' | 'post', url: string, data?: unknown) => {
			const response = await page.request[method](`${base}${url}`, data === undefined ? {} : { data });
			expect(response.status(), `${method} ${url}`).toBeLessThan(300);
			return response.json();
		};
		const { today } = await request('get', '/api/parcours/a-faire');
		const structures: { id: number; nom: string }[] = (
			await request('get', '/api/actors?kind=structure_ess&statut=jamais&zone=est&par=2&tri=nom')
		).rows;
		expect(structures).toHaveLength(2);
		const parcours: number[] = [];
		for (const s of structures) parcours.push((await request('post', '/api/accompaniments', { actor_id: s.id, date: today })).id);
		const before = (await request('get', '/api/ingenieries-collectives')).rows.length;

		await page.goto(`${base}/parcours/ingenieries-collectives`);
		const form = page.getByRole('form', { name: 'Nouvelle ingénierie collective' });
		await form.getByLabel('Titre').fill(TITRE);
		const prestataire = form.getByLabel('Prestataire');
		const options = await prestataire.locator('option').allTextContents();
		expect(options.length).toBeGreaterThan(1);
		await prestataire.selectOption({ index: 1 });
		const prestataireNom = options[1];
		await form.getByLabel('Budget (€)').fill('12 500');
		await form.getByLabel('Jours').fill('15');
		await form.getByLabel('Début').fill(today);
		// Submitting without a structure: refused before it leaves the page.
		await form.getByRole('button', { name: 'Créer l’ingénierie collective' }).click();
		await expect.poll(() => form.getByRole('alert').first().textContent(), SERVER).toMatch(/au moins une structure/);
		for (const s of structures) {
			await form.getByLabel('Chercher un parcours en cours').fill(s.nom);
			await form
				.getByRole('button', { name: `Ajouter ${s.nom}` })
				.first()
				.click();
		}
		await form.getByLabel('Chercher un parcours en cours').fill('');
		expect(await form.getByRole('list', { name: 'Structures choisies' }).getByRole('listitem').count()).toBe(2);
		await screenshot(page, `ingenieries-collectives-${backend}-form`);
		await form.getByRole('button', { name: 'Créer l’ingénierie collective' }).click();
		await expect.poll(() => form.getByRole('status').textContent(), SERVER).toMatch(/Ingénierie collective n° \d+ créée/);

		const card = page.getByRole('article', { name: TITRE });
		const members = card.getByRole('list', { name: `Structures de ${TITRE}` }).getByRole('listitem');
		await expect.poll(() => members.count(), SERVER).toBe(2);
		expect(await card.textContent()).toContain(prestataireNom);
		expect(await card.textContent()).toMatch(/12\s500\s€/);
		const listed = (await request('get', '/api/ingenieries-collectives')).rows;
		expect(listed).toHaveLength(before + 1);
		const created = listed.find((r: { titre: string }) => r.titre === TITRE);
		expect(created.membres.map((m: { accompaniment_id: number }) => m.accompaniment_id).sort()).toEqual([...parcours].sort());
		expect(await seriousAccessibilityIssues(page, '.parcours')).toEqual([]);
		await screenshot(page, `ingenieries-collectives-${backend}-list`);

		// A member removed from the card, then added again through its search.
		await card.getByRole('button', { name: `Retirer ${structures[1].nom} de ${TITRE}` }).click();
		await expect.poll(() => members.count(), SERVER).toBe(1);
		await card.getByLabel('Ajouter le parcours d’une structure').fill(structures[1].nom);
		await card
			.getByRole('button', { name: `Ajouter ${structures[1].nom}` })
			.first()
			.click();
		await expect.poll(() => members.count(), SERVER).toBe(2);

		// Each parcours' panel names the collective and links to it.
		for (const [i, id] of parcours.entries()) {
			await page.goto(`${base}/parcours?p=${id}`);
			const panel = page.getByTestId('parcours-panel');
			await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent(), SERVER).toBe(structures[i].nom);
			const link = panel.getByTestId('panel-collective').getByRole('link', { name: TITRE });
			await link.waitFor(SERVER);
			await screenshot(page, `ingenieries-collectives-${backend}-panel-${i + 1}`);
			if (i === 1) {
				await link.click();
				await page.waitForURL(`${base}/parcours/ingenieries-collectives#ic-${created.id}`);
				await page.getByRole('article', { name: TITRE }).waitFor(SERVER);
			}
		}
		expect(errors).toEqual([]);
		await page.close();
	});
});
