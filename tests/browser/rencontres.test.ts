// Events in a real browser, on the demo territory: an event created in Moselle Est, its invitation
// list built from the explorer's filters (culture, never accompanied) and counted like the
// explorer counts them, the mail-merge export downloaded and read, the printable sign-in sheet,
// attendance recorded by hand, the accueil of a structure that came opened in one click, and the
// whole event edited (organiser, a co-organiser found by name, notes), the co_organise relation
// following the co-organisers.
import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, openBeforeHydration, pageWithoutServiceWorker, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

describe.each(BACKENDS)('rencontres on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('creates an event in Moselle Est, builds its invite list (culture, never accompanied), exports it, records attendance and opens an accueil', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const base = session.server.url;
		const facets = await (
			await page.request.get(`${base}/api/actors/facets?kind=structure_ess&statut=jamais&zone=est&secteur=culture`)
		).json();
		const expected = facets.facets.kind.structure_ess as number;
		expect(expected).toBeGreaterThan(0);

		// From the map: the panel of the zone Est offers to organise an event there.
		await page.goto(`${base}/?t=zone:est`);
		await Promise.all([
			page.waitForURL(/\/rencontres\?territoire=zone(:|%3A)est$/),
			page.getByRole('link', { name: 'Organiser une rencontre ici' }).click()
		]);
		await page.getByLabel('Titre').fill('Rencontre culture Moselle Est');
		await page.getByLabel('Adresse du lieu').fill('Salle des fêtes, Forbach');
		await page.getByLabel('Thèmes (séparés par ;)').fill('Modèle socio-économique; Emploi');
		await page.getByLabel('Secteurs').selectOption('culture');
		await screenshot(page, `rencontres-${backend}-new`);
		await Promise.all([page.waitForURL(/\/rencontres\/\d+$/), page.getByRole('button', { name: 'Créer la rencontre' }).click()]);
		const url = page.url();
		expect(await page.getByTestId('rencontre-territoire').textContent()).toMatch(/Est/);

		// The filters: ESS structures (checked by default), culture (the event's sector), never accompanied.
		const filterForm = page.getByTestId('invite-filter');
		await filterForm.getByLabel('Statut DLA').selectOption('jamais');
		await filterForm.getByRole('button', { name: 'Ajouter à la liste' }).click();
		await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/ajoutées? à la liste/);
		await expect.poll(() => page.getByTestId('invite-count').textContent()).toContain(`${expected} acteur`);
		const lines = await page.getByTestId('invite-line').count();
		expect(lines).toBeGreaterThanOrEqual(expected);
		await screenshot(page, `rencontres-${backend}-list`);

		// Removed by hand, then added back through the search.
		const firstActor = (await page.getByTestId('invite-line').first().locator('td').nth(1).textContent())!.split(' · ')[0].trim();
		const invitedActorId = async (nom: string) => {
			const hits = (await (await page.request.get(`${base}/api/search?q=${encodeURIComponent(nom)}`)).json()).actors as {
				id: number;
				nom: string;
			}[];
			return hits.find((h) => h.nom === nom)!.id;
		};
		const linesOfFirst = await page.getByTestId('invite-line').filter({ hasText: firstActor }).count();
		for (let i = 0; i < linesOfFirst; i++)
			await page
				.getByRole('button', { name: new RegExp(`^Retirer ${firstActor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
				.first()
				.click();
		await expect.poll(() => page.getByTestId('invite-count').textContent()).toContain(`${expected - 1} acteur`);
		await page.getByLabel('Ajouter un acteur à la main').fill(firstActor);
		await page
			.getByTestId('invite-hits')
			.getByRole('button', { name: `Ajouter ${firstActor}` })
			.first()
			.click();
		await expect.poll(() => page.getByTestId('invite-count').textContent()).toContain(`${expected} acteur`);

		// The mail merge: one line per invited person, the greeting filled.
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Publipostage (CSV)' }).click()]);
		const text = await fs.readFile((await download.path())!, 'utf8');
		const rows = text
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n');
		expect(rows[0]).toMatch(/^Ligne;Formule d’appel;Personne/);
		expect(rows).toHaveLength(1 + (await page.getByTestId('invite-line').count()));
		expect(text).toMatch(/Bonjour |Madame, Monsieur,/);
		const ics = await (await page.request.get(`${url}/invitation.ics`)).text();
		expect(ics).toContain('SUMMARY:Rencontre culture Moselle Est');

		// The printable sign-in sheet: one line per invited person.
		await page.goto(`${url}/emargement`);
		expect(await page.getByTestId('sign-in-line').count()).toBe(await (async () => rows.length - 1)());
		await screenshot(page, `rencontres-${backend}-emargement`);

		// Attendance by hand (the event is today): the first structure's first person came.
		await page.goto(url);
		const presentButton = page.getByRole('button', { name: /^Présent : / }).first();
		const who = (await presentButton.getAttribute('aria-label'))!.replace('Présent : ', '').split(',')[0];
		await presentButton.click();
		await expect
			.poll(() => page.getByTestId('rencontre-outcomes').textContent())
			.toMatch(/1 acteur touché · 1 premier contact|1 acteur touché · 0 premier contact/);
		const proposals = page.getByTestId('accueil-proposals');
		await expect.poll(() => proposals.textContent()).toContain(who);
		await screenshot(page, `rencontres-${backend}-attendance`);

		// One click: the accueil opens and its parcours shows.
		await Promise.all([
			page.waitForURL(/\/parcours\?p=\d+/),
			proposals.getByRole('button', { name: `Ouvrir l’accueil de ${who}` }).click()
		]);
		await page.waitForLoadState('networkidle');
		await expect.poll(() => page.locator('body').textContent()).toContain(who);
		await screenshot(page, `rencontres-${backend}-accueil`);
		await page.goto(url);
		await expect.poll(() => page.getByTestId('rencontre-outcomes').textContent()).toMatch(/1 entrée en parcours/);

		// The whole event edited: an organiser (a collectivité of the zone) and a co-organiser found by
		// name, notes; the organiser and co-organiser are then linked (co_organise, derived).
		const [organiser] = (await (await page.request.get(`${base}/api/actors?kind=collectivite&zone=est&par=1`)).json()).rows as {
			id: number;
			nom: string;
		}[];
		const coId = await invitedActorId(firstActor);
		const edit = page.getByTestId('rencontre-edit');
		await edit.locator('summary').click();
		await edit.getByLabel('Organisateur', { exact: true }).fill(organiser.nom);
		await edit.getByTestId('organisateur-picker').getByRole('button', { name: organiser.nom, exact: true }).first().click();
		await expect.poll(() => edit.getByTestId('organisateur-picker').textContent()).toContain(organiser.nom);
		await edit.getByLabel('Ajouter un co-organisateur').fill(firstActor);
		await edit.getByTestId('co-organisateur-picker').getByRole('button', { name: firstActor, exact: true }).first().click();
		await expect.poll(() => edit.getByTestId('co-organisateurs').textContent()).toContain(firstActor);
		await edit.getByLabel('Notes').fill('Salle réservée, café offert par la commune');
		await screenshot(page, `rencontres-${backend}-edit`);
		await edit.getByRole('button', { name: 'Enregistrer la rencontre' }).click();
		await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Rencontre enregistrée');
		await expect.poll(() => page.locator('.facts').textContent()).toContain(`${organiser.nom}, ${firstActor}`);
		expect(await page.locator('main').textContent()).toContain('café offert par la commune');
		const coRelations = async () =>
			(
				(await (await page.request.get(`${base}/api/actors/${coId}/participations`)).json()).relations as {
					type: string;
					source: string;
					other: { id: number };
				}[]
			).filter((r) => r.type === 'co_organise');
		expect(await coRelations()).toEqual([
			expect.objectContaining({ source: 'evenement', other: expect.objectContaining({ id: organiser.id }) })
		]);
		// The co-organiser taken off again (the form stays open, remounted on the saved event): the relation goes with it.
		await edit.getByRole('button', { name: `Retirer ${firstActor}` }).click();
		await edit.getByRole('button', { name: 'Enregistrer la rencontre' }).click();
		await expect.poll(() => page.locator('.facts').textContent()).not.toContain(firstActor);
		expect(await coRelations()).toEqual([]);
		await screenshot(page, `rencontres-${backend}-edited`);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('keeps what was typed in the event form before the page’s scripts ran', async () => {
		const { page, close } = await pageWithoutServiceWorker(session.browser, session.context);
		const errors = collectErrors(page);
		const opened = await openBeforeHydration(page, `${session.server.url}/rencontres`);
		const typed = {
			Titre: 'Petit-déjeuner des têtes de réseau',
			Date: '2027-02-04',
			Début: '08:30',
			'Adresse du lieu': 'Maison des associations, Sarreguemines',
			'Thèmes (séparés par ;)': 'Fonction employeur; Bénévolat',
			Notes: 'Prévoir un café pour vingt personnes.'
		};
		for (const [label, value] of Object.entries(typed)) await page.getByLabel(label, { exact: true }).fill(value);
		// Chosen before hydration too: the type and a sector (their options' `selected` only sets the default).
		await page.locator('select[name=kind]').selectOption('atelier_thematique');
		await page.locator('select[name=secteurs]').selectOption('culture');
		await opened.hydrate();
		for (const [label, value] of Object.entries(typed)) expect(await page.getByLabel(label, { exact: true }).inputValue()).toBe(value);
		expect(await page.locator('select[name=kind]').inputValue()).toBe('atelier_thematique');
		expect(
			await page.locator('select[name=secteurs]').evaluate((s: HTMLSelectElement) => [...s.selectedOptions].map((o) => o.value))
		).toEqual(['culture']);
		await screenshot(page, `rencontres-${backend}-typed-before-hydration`);
		await Promise.all([page.waitForURL(/\/rencontres\/\d+$/), page.getByRole('button', { name: 'Créer la rencontre' }).click()]);
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(typed.Titre);
		expect(await page.getByRole('heading', { level: 2, name: 'Atelier thématique' }).count()).toBe(1);
		const facts = (await page.locator('.facts').textContent())!;
		expect(facts).toContain('4 févr. 2027, 08:30');
		expect(facts).toContain(typed['Adresse du lieu']);
		expect(facts).toContain('Fonction employeur, Bénévolat');
		expect(await page.getByText(typed.Notes).count()).toBe(1);
		expect(errors).toEqual([]);
		await close();
	});
});
