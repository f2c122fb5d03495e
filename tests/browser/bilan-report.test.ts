// The annual activity report and the satisfaction questionnaire in a real browser on the demo
// territory: the report's XLSX downloaded from /bilan carries the figure /api/indicators gives;
// the printable report flags the demo data and says the API's figure; its PDF comes through the
// portraits' Chromium path; a structure answers its questionnaire without any session, once.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, openBeforeHydration, pageWithoutServiceWorker, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

describe.each(BACKENDS)('annual report and questionnaire on %s', (backend) => {
	const session = useBrowserSession(backend);
	const year = new Date().getFullYear() - 1;

	it('downloads the year’s report as XLSX from /bilan, with the API’s figures, and prints it', async () => {
		// Its own context, without the offline worker: the year is picked before the page's scripts run.
		const { page, close } = await pageWithoutServiceWorker(session.browser, session.context);
		const errors = collectErrors(page);
		const opened = await openBeforeHydration(page, `${session.server.url}/bilan?de=${year - 2}&a=${year + 1}`);
		const report = page.getByRole('form', { name: 'Rapport d’activité annuel' });
		// Up to this year, the most recent first: no report for a year not begun.
		expect(await report.getByRole('option').allTextContents()).toEqual([year + 1, year, year - 1, year - 2].map(String));
		await report.getByRole('combobox').selectOption(String(year));
		await opened.hydrate();
		expect(await report.getByRole('combobox').inputValue()).toBe(String(year));
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			report.getByRole('button', { name: 'Télécharger (XLSX)' }).click()
		]);
		expect(download.suggestedFilename()).toBe(`rapport-activite-dla-${year}.xlsx`);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.readFile((await download.path())!);
		const api = await (await page.request.get(`${session.server.url}/api/indicators?level=zone&de=${year}&a=${year}`)).json();
		const dep = (await (await page.request.get(`${session.server.url}/api/indicators?level=departement&de=${year}&a=${year}`)).json())
			.rows[0];
		const sheet = workbook.getWorksheet('Zones')!;
		const header = (sheet.getRow(1).values as unknown[]).slice(1);
		const column = (label: string) => header.indexOf(label) + 1;
		expect(sheet.getRow(2).getCell(column('Structures accueillies')).value).toBe(dep.accueillies);
		expect(dep.accueillies).toBeGreaterThan(0);
		const est = api.rows.find((r: { code: string }) => r.code === 'est');
		const estRow = [...Array(sheet.rowCount).keys()].map((i) => sheet.getRow(i + 1)).find((r) => r.getCell(1).value === 'est')!;
		expect(estRow.getCell(column('Ingénieries')).value).toBe(est.ingenieries);
		expect(estRow.getCell(column('Budget d’ingénierie (€)')).value).toBe(est.budget_eur);
		expect(String(workbook.getWorksheet('Synthèse')!.getRow(2).getCell(1).value)).toMatch(/^Données de démonstration/);

		// The printable report: the demo flag, the text with the API's figure, the charts drawn on the server.
		await report.getByRole('button', { name: 'Rapport imprimable / PDF' }).click();
		await page.waitForURL(`**/bilan/rapport?annee=${year}`);
		await expect.poll(() => page.getByRole('note').textContent()).toBe('Données de démonstration');
		const text = await page.getByRole('region', { name: 'Synthèse' }).textContent();
		expect(text).toContain(`En ${year}, le DLA a accueilli ${new Intl.NumberFormat('fr-FR').format(dep.accueillies)} structures`);
		expect(await page.getByRole('img', { name: 'Structures accueillies par zone' }).count()).toBe(1);
		await screenshot(page, `bilan-rapport-${backend}`);
		expect(errors).toEqual([]);

		const pdf = await page.request.get(`${session.server.url}/bilan/rapport/pdf?annee=${year}`, { timeout: 90_000 });
		expect(pdf.status()).toBe(200);
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
		const bad = await page.request.get(`${session.server.url}/bilan/rapport.xlsx?annee=1999`);
		expect(bad.status()).toBe(400);
		await close();
	});

	it('lets a structure answer its questionnaire without a session, once', async () => {
		const board = await (await session.context.request.get(`${session.server.url}/api/parcours?etat=tous`)).json();
		type Card = { id: number; stage: string; ingenierie_type: string | null; actor_nom: string };
		// Before its ingénierie, a parcours gets no questionnaire.
		const early = board.rows.find((r: Card) => r.stage === 'accueil');
		const refused = await session.context.request.post(`${session.server.url}/api/accompaniments/${early.id}/questionnaire`, {
			data: {},
			headers: { origin: session.server.url }
		});
		expect(refused.status()).toBe(409);
		const parcours = board.rows.find((r: Card) => r.stage === 'ingenierie' && r.ingenierie_type !== null);
		// The officer makes the link from the parcours' panel, and sends it by their own mail.
		const team = await session.context.newPage();
		await team.goto(`${session.server.url}/parcours?p=${parcours.id}`);
		await team.getByRole('button', { name: 'Créer un lien de questionnaire' }).click();
		await expect.poll(() => team.getByTestId('survey-url').count()).toBe(1);
		const url = await team.getByTestId('survey-url').inputValue();
		expect(url).toMatch(/\/questionnaire\/[A-Za-z0-9_-]{43}$/);
		await screenshot(team, `questionnaire-link-${backend}`);
		await team.close();

		// A fresh context: no cookie, no session.
		const visitor = await session.browser.newContext();
		try {
			const first = await visitor.newPage();
			const errors = collectErrors(first);
			// A slow phone: the structure answers before the page's script has run, and hydration keeps it.
			const opened = await openBeforeHydration(first, url);
			expect(await first.getByRole('heading', { level: 1 }).textContent()).toBe('Votre avis sur l’accompagnement DLA');
			expect(await first.getByText(parcours.actor_nom).count()).toBeGreaterThan(0);
			// A second tab opened before the answer is sent.
			const second = await visitor.newPage();
			await second.goto(url);

			const note = (page: typeof first, question: RegExp, n: number) =>
				page
					.getByRole('group', { name: question })
					.getByRole('radio', { name: String(n) })
					.check();
			await note(first, /diagnostic partagé/, 4);
			await note(first, /prestataire/, 5);
			await note(first, /dans son ensemble/, 4);
			await first.getByRole('checkbox', { name: 'Emplois' }).check();
			await first.getByRole('checkbox', { name: 'Gouvernance' }).check();
			await first.getByLabel(/Commentaire/).fill('Un accompagnement utile.');
			await opened.hydrate();
			expect(
				await first
					.getByRole('group', { name: /prestataire/ })
					.getByRole('radio', { name: '5' })
					.isChecked()
			).toBe(true);
			expect(await first.getByRole('checkbox', { name: 'Gouvernance' }).isChecked()).toBe(true);
			expect(await first.getByLabel(/Commentaire/).inputValue()).toBe('Un accompagnement utile.');
			await screenshot(first, `questionnaire-${backend}`);
			await first.getByRole('button', { name: 'Envoyer ma réponse' }).click();
			await expect.poll(() => first.getByRole('status').textContent()).toBe('Merci ! Votre réponse a bien été enregistrée.');
			expect(errors).toEqual([]);

			await note(second, /diagnostic partagé/, 1);
			await note(second, /prestataire/, 1);
			await note(second, /dans son ensemble/, 1);
			await second.getByRole('button', { name: 'Envoyer ma réponse' }).click();
			await expect.poll(() => second.getByRole('alert').textContent()).toMatch(/déjà reçu une réponse/);
			await screenshot(second, `questionnaire-refused-${backend}`);

			await first.goto(url);
			expect(await first.getByRole('alert').textContent()).toMatch(/Une seule réponse est possible par lien/);
			expect(await first.getByRole('button', { name: 'Envoyer ma réponse' }).count()).toBe(0);
		} finally {
			await visitor.close();
		}

		// The answer shows on /bilan (answered this year).
		const page = await session.context.newPage();
		const thisYear = new Date().getFullYear();
		await page.goto(`${session.server.url}/bilan?de=${thisYear - 1}&a=${thisYear}`);
		const table = page.getByRole('region', { name: 'Satisfaction des structures accompagnées' });
		const yearRow = table.locator('tr.year');
		await expect.poll(() => yearRow.count()).toBe(1);
		expect((await yearRow.locator('td').allTextContents()).slice(0, 5)).toEqual(['Ensemble', '1', '4', '5', '4']);
		await page.close();
	});
});
