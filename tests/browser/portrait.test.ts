// Territory portraits in a real browser, on the demo territory: the portrait of an EPCI of Moselle
// Est (figures checked against the territory statistics API) and of the département, the slide
// mode driven by the keyboard, printing to PDF (pages counted, the map and the charts found in the
// rendered pixels), and a share link opened without a session that leaks no personal data, then
// revoked (410).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACCOMPANIED_NAMES_LISTED } from '../../src/lib/domain/portrait/figures';
import { BACKENDS } from '../helpers/backends';
import { ARTIFACTS, collectErrors, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

const FORBACH = '245700372';
const NNBSP = '\u202f';
const thisYear = new Date().getFullYear();
const PERIOD = { de: thisYear - 2, a: thisYear };

// A structure of Forbach with a contact person whose every field is recognisable.
const SECRET = {
	nom: 'Zéphirine Témoin-Secret',
	email: 'zephirine.secret@exemple-prive.test',
	telephone: '03 87 99 42 17',
	note: 'Note interne très confidentielle'
};
function contactCsv(): Buffer {
	const lines = [
		'Raison sociale;Code postal;Commune;Code NAF;Contact;Courriel;Téléphone;Notes',
		`Association Témoin de Forbach;57600;Forbach;88.99B;${SECRET.nom};${SECRET.email};${SECRET.telephone};${SECRET.note}`
	];
	return Buffer.from(lines.join('\r\n'), 'utf8');
}
// The importer stores phone numbers as digits only.
const SECRETS = [SECRET.nom, SECRET.email, SECRET.telephone, '0387994217', SECRET.note, 'zephirine', 'Témoin-Secret'];

function hasTool(name: string): boolean {
	try {
		execFileSync('which', [name], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

function pdfPages(file: string): number {
	if (hasTool('pdfinfo')) return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
	return (fs.readFileSync(file, 'latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

type Rgb = [number, number, number];

/** Page `n` of a PDF as PNG (to look at) and as raw RGB (to count pixels of a colour family). */
function pdfPage(file: string, n: number, name: string): { png: string; pixels: (is: (rgb: Rgb) => boolean) => number } {
	const base = path.join(ARTIFACTS, name);
	execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(n), '-l', String(n), '-singlefile', file, base]);
	execFileSync('pdftoppm', ['-r', '100', '-f', String(n), '-l', String(n), '-singlefile', file, base]);
	const ppm = fs.readFileSync(`${base}.ppm`);
	// P6 header: « P6\n<width> <height>\n255\n », then RGB bytes.
	const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
	const data = ppm.subarray(header[0].length);
	return {
		png: `${base}.png`,
		pixels: (is) => {
			let count = 0;
			for (let i = 0; i + 2 < data.length; i += 3) if (is([data[i], data[i + 1], data[i + 2]])) count++;
			return count;
		}
	};
}

// Okabe–Ito colours, as families (antialiasing blends thin strokes with the white around them).
/** #0072B2: territory bars, accompanied structures. */
const BLUE = ([r, g, b]: Rgb) => b > 140 && b - r > 100 && b - g > 40;
/** #D55E00: rings of the structures not accompanied — only on the map. */
const VERMILLION = ([r, g, b]: Rgb) => r > 170 && g < 140 && b < 90 && r - g > 70;
/** #E69F00: hatching of the reference bars. */
const ORANGE = ([r, g, b]: Rgb) => r > 200 && g > 140 && g < 215 && b < 140 && r - b > 100 && g - b > 40;

async function figure(page: Page, id: string): Promise<string> {
	return ((await page.locator(`[data-figure="${id}"] .value`).textContent()) ?? '').trim();
}
/** The slides listen to the keyboard once hydrated, when they take the focus. */
async function slidesReady(page: Page) {
	await page.waitForFunction(() => document.activeElement?.getAttribute('aria-roledescription') === 'diaporama', null, { timeout: 30_000 });
}
const digits = (text: string) => Number(text.replace(/\D/g, ''));

describe.each(BACKENDS)('territory portraits on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('portrays an EPCI of Moselle Est from the territory panel, and the département', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		await page.goto(`${session.server.url}/?t=epci:${FORBACH}`);
		await page.getByTestId('portrait-link').click();
		await page.waitForURL(/\/portrait\/epci\/245700372/);
		await expect.poll(() => page.locator('h1').textContent()).toBe('CA de Forbach Porte de France');

		// The figures agree with the territory statistics API (another query over the same data).
		const stats = await (
			await page.request.get(`${session.server.url}/api/territories/stats?level=epci&de=${PERIOD.de}&a=${PERIOD.a}`)
		).json();
		const forbach = stats.rows.find((r: { code: string }) => r.code === FORBACH);
		expect(digits(await figure(page, 'structures'))).toBe(forbach.structures);
		expect(digits(await figure(page, 'accompagnees'))).toBe(forbach.accompanied);
		expect(digits(await figure(page, 'accompagnements'))).toBe(forbach.accompaniments);
		expect(await figure(page, 'population')).toBe(forbach.population.toLocaleString('fr-FR').replace(/\s/g, NNBSP));
		expect(await figure(page, 'emplois')).toMatch(new RegExp(`^[\\d${NNBSP}]+ à [\\d${NNBSP}]+$`));
		expect(await page.locator('[data-figure="emplois"] dt').textContent()).toContain('estimation');
		expect(await page.locator('[data-figure="manque"]').textContent()).toMatch(/rang \d+ sur 2\d selon le score des manques/);
		expect(await page.locator('[data-figure="accompagnees"] .source').textContent()).toContain(`${PERIOD.de}–${PERIOD.a}`);
		// Demo data is flagged.
		expect(await page.getByTestId('demo-flag').textContent()).toContain('démonstration');

		// The map (territory, neighbours, structures) and the three charts.
		const map = page.getByTestId('portrait-map');
		expect(await map.locator('path').count()).toBeGreaterThanOrEqual(3);
		expect(await map.locator('circle').count()).toBeGreaterThan(50);
		expect(await map.textContent()).toContain('CC de Freyming-Merlebach');
		for (const chart of ['secteurs', 'annees', 'familles'])
			expect(await page.locator(`[data-chart="${chart}"] svg[role="img"] rect`).count()).toBeGreaterThan(1);
		expect(await page.getByTestId('gap-summary').textContent()).toMatch(/^Dans la CA de Forbach Porte de France, \d+ structures de l’ESS/);
		expect(await page.getByTestId('dla-contact').textContent()).toContain('1 rue du Coëtlosquet');
		await screenshot(page, `portrait-${backend}-epci`);
		await page.screenshot({ path: path.join(ARTIFACTS, `portrait-${backend}-epci-full.png`), fullPage: true });

		await page.goto(`${session.server.url}/portrait/departement/57`);
		await expect.poll(() => page.locator('h1').textContent()).toBe('Moselle');
		const facets = await (await page.request.get(`${session.server.url}/api/actors/facets?kind=structure_ess`)).json();
		expect(digits(await figure(page, 'structures'))).toBe(facets.total);
		expect(await page.locator('[data-figure="manque"]').count()).toBe(0);
		// The département's EPCI are drawn as named outlines over it.
		expect(await page.getByTestId('portrait-map').locator('path title').count()).toBeGreaterThanOrEqual(22);
		expect(await page.getByTestId('portrait-map').textContent()).toContain('CA de Forbach Porte de France');
		// Over 2,000 structures: points of one status that overlap are drawn once, the totals exact.
		const svg = page.getByTestId('portrait-map').locator('svg.portrait-svg-map');
		const located = digits((await svg.getAttribute('aria-label'))!.split('structures de l’ESS localisées')[0]);
		expect(located).toBeGreaterThan(2000);
		const drawn = await svg.locator('circle').count();
		expect(drawn).toBeLessThan(located);
		expect(drawn).toBeLessThanOrEqual(2000);
		expect(drawn).toBeGreaterThan(500);
		// The accompanied structures: all counted, the first named, the rest said in one line.
		const accompanied = digits(await figure(page, 'accompagnees'));
		expect(accompanied).toBeGreaterThan(ACCOMPANIED_NAMES_LISTED);
		expect(await page.getByRole('heading', { name: /^Structures accompagnées/ }).textContent()).toContain(
			accompanied.toLocaleString('fr-FR').replace(/\s/g, NNBSP)
		);
		expect(await page.getByTestId('accompanied-structures').locator('li').count()).toBe(ACCOMPANIED_NAMES_LISTED);
		expect(await page.locator('[data-testid="accompanied-structures"] + p').textContent()).toContain(
			(accompanied - ACCOMPANIED_NAMES_LISTED).toLocaleString('fr-FR').replace(/\s/g, NNBSP)
		);
		await screenshot(page, `portrait-${backend}-departement`);

		// Bad parameters: French messages, 400 and 404.
		const badPeriod = await page.request.get(`${session.server.url}/portrait/epci/${FORBACH}?de=2030&a=2020`);
		expect(badPeriod.status()).toBe(400);
		expect(await badPeriod.text()).toContain('après sa fin');
		expect((await page.request.get(`${session.server.url}/portrait/pays/1`)).status()).toBe(404);
		expect((await page.request.get(`${session.server.url}/portrait/epci/000000000`)).status()).toBe(404);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('runs the slide mode with the keyboard, offline', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const external: string[] = [];
		page.on('request', (r) => !r.url().startsWith(session.server.url) && !r.url().startsWith('data:') && external.push(r.url()));
		await page.goto(`${session.server.url}/portrait/epci/${FORBACH}?mode=diapo`);
		const slides = page.locator('[aria-roledescription="diaporama"]');
		await slidesReady(page);
		expect(await slides.getAttribute('data-slide')).toBe('titre');
		expect(await slides.locator('h1').textContent()).toBe('CA de Forbach Porte de France');
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => slides.getAttribute('data-slide')).toBe('chiffres');
		expect(await slides.locator('[data-figure]').count()).toBe(8);
		await page.keyboard.press('PageDown');
		await expect.poll(() => slides.getAttribute('data-slide')).toBe('carte');
		expect(await slides.getByTestId('portrait-map').locator('circle').count()).toBeGreaterThan(50);
		await screenshot(page, `portrait-${backend}-diapo-carte`);
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => slides.getAttribute('data-slide')).toBe('secteurs');
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => slides.getAttribute('data-slide')).toBe('activite');
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => slides.getAttribute('data-slide')).toBe('manques');
		expect(await slides.textContent()).toContain('Aller à la rencontre');
		await screenshot(page, `portrait-${backend}-diapo-manques`);
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => slides.getAttribute('data-slide')).toBe('contacts');
		expect(await slides.textContent()).toMatch(/COJEP[\s\S]*1 rue du Coëtlosquet, 57000 Metz/);
		await page.keyboard.press('ArrowRight'); // the last slide stays
		expect(await page.getByTestId('slide-counter').textContent()).toBe('7 / 7');
		await page.keyboard.press('PageUp');
		await expect.poll(() => slides.getAttribute('data-slide')).toBe('manques');
		await page.keyboard.press('Home');
		await expect.poll(() => slides.getAttribute('data-slide')).toBe('titre');
		await page.keyboard.press('Escape');
		await page.waitForURL((url) => !url.searchParams.has('mode'));
		await page.getByTestId('portrait').waitFor();
		expect(external).toEqual([]);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('prints to A4 landscape PDF in the browser and on the server, with the map and the charts', { timeout: 180_000 }, async () => {
		const page = await session.context.newPage();
		await page.goto(`${session.server.url}/portrait/epci/${FORBACH}`);
		await page.getByTestId('portrait').waitFor();
		await page.emulateMedia({ media: 'print' });
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		const browserPdf = path.join(ARTIFACTS, `portrait-${backend}-navigateur.pdf`);
		await page.pdf({ path: browserPdf, format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
		expect(pdfPages(browserPdf)).toBe(3);

		const response = await page.request.get(`${session.server.url}/portrait/epci/${FORBACH}/pdf?de=${PERIOD.de}&a=${PERIOD.a}`, {
			timeout: 120_000
		});
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('application/pdf');
		const serverPdf = path.join(ARTIFACTS, `portrait-${backend}-serveur.pdf`);
		fs.writeFileSync(serverPdf, await response.body());
		expect(fs.readFileSync(serverPdf).subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdfPages(serverPdf)).toBe(3);
		const bad = await page.request.get(`${session.server.url}/portrait/epci/${FORBACH}/pdf?de=abc`);
		expect(bad.status()).toBe(400);

		if (!hasTool('pdftoppm')) {
			console.warn('[portrait] pdftoppm absent (apt-get install poppler-utils) : pages PDF non converties en images');
		} else {
			for (const [file, kind] of [
				[browserPdf, 'navigateur'],
				[serverPdf, 'serveur']
			] as const) {
				// Page 1: the map — rings of the structures not accompanied (vermilion is the map's only).
				const first = pdfPage(file, 1, `portrait-${backend}-${kind}-page1`);
				expect(first.pixels(VERMILLION)).toBeGreaterThan(100);
				// Page 2: the charts — solid blue bars for the territory, orange hatching for the reference.
				const second = pdfPage(file, 2, `portrait-${backend}-${kind}-page2`);
				expect(second.pixels(BLUE)).toBeGreaterThan(500);
				expect(second.pixels(ORANGE)).toBeGreaterThan(1000);
				expect(second.pixels(VERMILLION)).toBeLessThan(first.pixels(VERMILLION) / 10);
			}
		}
		await page.close();
	});

	it('shares a portrait without session and without personal data, then revokes it (410)', { timeout: 180_000 }, async () => {
		// A structure of Forbach with a contact person and a note, imported as a DLA officer would.
		const admin = await session.context.newPage();
		await admin.goto(`${session.server.url}/import`);
		await admin.getByLabel('Fichier').setInputFiles({ name: 'temoin.csv', mimeType: 'text/csv', buffer: contactCsv() });
		await admin.getByRole('button', { name: 'Examiner' }).click();
		const preview = admin.getByTestId('import-preview');
		await expect.poll(() => preview.textContent(), { timeout: 15_000 }).toContain('Association Témoin de Forbach');
		await preview.getByRole('button', { name: 'Importer' }).click();
		await expect.poll(() => admin.getByTestId('import-result').textContent(), { timeout: 30_000 }).toContain('Import terminé');
		// The team sees the contact (so its absence below means something).
		const found = await (await admin.request.get(`${session.server.url}/api/actors?q=${encodeURIComponent('témoin de forbach')}`)).json();
		expect(found.rows).toHaveLength(1);
		const teamView = JSON.stringify(await (await admin.request.get(`${session.server.url}/api/actors/${found.rows[0].id}`)).json());
		expect(teamView).toContain(SECRET.email);
		expect(teamView).toContain('0387994217');

		// Create the link from the portrait page.
		await admin.goto(`${session.server.url}/portrait/epci/${FORBACH}`);
		await admin.getByText(/Liens de partage/).click();
		await admin.getByRole('button', { name: /Créer un lien de partage/ }).click();
		await admin.getByTestId('share-url').waitFor({ timeout: 15_000 });
		const shareUrl = await admin.getByTestId('share-url').inputValue();
		expect(shareUrl).toMatch(new RegExp(`^${session.server.url}/partage/[A-Za-z0-9_-]{43}$`));
		await expect.poll(() => admin.getByTestId('share-list').textContent(), { timeout: 15_000 }).toContain('actif');
		await screenshot(admin, `portrait-${backend}-partage-cree`);

		// A fresh context: no cookie, no session.
		const visitor = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
		const page = await visitor.newPage();
		const errors = collectErrors(page);
		const bodies: { url: string; text: string }[] = [];
		const pending: Promise<void>[] = [];
		page.on('response', (r: Response) => {
			pending.push(
				r
					.body()
					.then((b) => void bodies.push({ url: r.url(), text: b.toString('utf8') }))
					.catch(() => {})
			);
		});
		await page.goto(shareUrl);
		await expect.poll(() => page.locator('h1').textContent()).toBe('CA de Forbach Porte de France');
		expect(await page.getByTestId('portrait-map').locator('circle').count()).toBeGreaterThan(50);
		expect(await page.locator('[data-figure="structures"]').count()).toBe(1);
		// The visitor can go through the slides too, and nothing is fetched outside the share link.
		await page.goto(`${shareUrl}?mode=diapo`);
		await slidesReady(page);
		await page.keyboard.press('End');
		await expect.poll(() => page.locator('[aria-roledescription="diaporama"]').getAttribute('data-slide')).toBe('contacts');
		await page.goto(shareUrl);
		await page.getByTestId('portrait').waitFor();
		await page.waitForLoadState('networkidle');
		await Promise.all(pending);
		await screenshot(page, `portrait-${backend}-partage-visiteur`);

		const html = await page.content();
		expect(bodies.length).toBeGreaterThan(2);
		expect(
			bodies.some(
				(b) => b.url.includes('/__data.json') || b.text.includes('Association Témoin de Forbach') || b.text.includes('CA de Forbach')
			)
		).toBe(true);
		for (const { url, text } of [...bodies, { url: 'DOM', text: html }]) {
			for (const secret of [...SECRETS, 'admin@maillage.test'])
				expect(text.toLowerCase(), `${secret} dans ${url}`).not.toContain(secret.toLowerCase());
		}
		// Nor any other email address or phone number in what the visitor reads.
		const visible = await page.locator('body').innerText();
		expect(visible).not.toMatch(/[a-z0-9._-]+@[a-z0-9-]+\.[a-z]{2,}/i);
		expect(visible).not.toMatch(/(?:\+33|\b0)[1-9](?:[ .]?\d{2}){4}\b/);
		// Every request stayed on the shared page's own routes or the app's static files.
		for (const { url } of bodies) expect(new URL(url).pathname).toMatch(/^\/(partage\/[A-Za-z0-9_-]+(\/|$|\?)|_app\/|favicon)/);
		// The team's API stays closed to the visitor.
		expect((await page.request.get(`${session.server.url}/api/actors/${found.rows[0].id}`)).status()).toBe(401);
		expect(errors).toEqual([]);

		// Revoke: the link answers 410 at once, an unknown one 404.
		await admin.reload({ waitUntil: 'networkidle' });
		await admin.getByText(/Liens de partage/).click();
		await admin.getByTestId('share-list').getByRole('button', { name: 'Révoquer' }).click();
		await expect.poll(() => admin.getByTestId('share-list').textContent(), { timeout: 15_000 }).toContain('révoqué le');
		const gone = await page.goto(shareUrl);
		expect(gone!.status()).toBe(410);
		expect(await page.textContent('body')).toContain('révoqué');
		expect((await page.request.get(`${shareUrl}/pdf`)).status()).toBe(410);
		const unknown = await page.goto(`${session.server.url}/partage/${'x'.repeat(43)}`);
		expect(unknown!.status()).toBe(404);
		await screenshot(page, `portrait-${backend}-partage-inconnu`);

		// Creation and revocation are in the audit log.
		const journal = await admin.request.get(`${session.server.url}/admin/journal/export?entite=portrait_share`);
		const log = await journal.text();
		expect(log).toMatch(/create;portrait_share/);
		expect(log).toMatch(/revoke;portrait_share/);
		await visitor.close();
		await admin.close();
	});
});
