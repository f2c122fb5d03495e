// The portrait as an officer shows it to elected officials, at 1280×800 on the demo data: the
// département says where the DLA is missing (zones, EPCI ranking, score map, and one slide), the
// per-year chart adds up to the card, an empty testimonial section is the team's reminder only,
// « Contacter le DLA » gives the DLA's details and the officer's only when ticked, the PDF of the
// département fits three A4 landscape pages without clipping, the PowerPoint export opens with the
// slide mode's slides, leaving the slides with Échap loads nothing, and axe finds no serious issue.
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { ARTIFACTS, collectErrors, seriousAccessibilityIssues } from '../helpers/browser';
import { ADMIN } from '../helpers/server';
import { useBrowserSession } from '../helpers/session';

const SHOTS = '/tmp/shots-portraits';
const FORBACH = '245700372';
const thisYear = new Date().getFullYear();
const PERIOD = { de: thisYear - 2, a: thisYear };
const DLA = JSON.parse(fs.readFileSync(path.resolve('data', 'dla.json'), 'utf8')) as { telephone: string | null; courriel: string | null };

async function shot(page: Page, name: string, fullPage = false) {
	fs.mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}
const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));
/** Hydrated: SvelteKit's client has started and every chunk is in (the toolbar's handlers are live). */
async function hydrated(page: Page) {
	await page.getByTestId('portrait').waitFor();
	await page.waitForLoadState('networkidle');
}
async function slidesReady(page: Page) {
	await page.waitForFunction(() => document.activeElement?.getAttribute('aria-roledescription') === 'diaporama', null, { timeout: 30_000 });
}

describe.each(BACKENDS)('portraits for elected officials on %s', (backend) => {
	const session = useBrowserSession(backend);

	it('says where the DLA is missing in the département, with figures that add up', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		await page.goto(`${session.server.url}/portrait/departement/57?de=${PERIOD.de}&a=${PERIOD.a}`);
		await hydrated(page);

		// Zones: Est and Sud (priority) against Metz and Nord; missing = expected − accompanied.
		const zones = page.getByTestId('zone-gaps');
		const zoneRows = zones.locator('tbody tr');
		expect(await zoneRows.count()).toBe(4);
		expect(await zoneRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-zone')))).toEqual(
			expect.arrayContaining(['est', 'sud', 'metz', 'nord'])
		);
		expect((await zoneRows.nth(0).getAttribute('data-zone'))!).toMatch(/^(est|sud)$/);
		expect(await zones.locator('caption').textContent()).toContain('Est & Sud');
		let totalStructures = 0;
		for (let i = 0; i < 4; i++) {
			const cells = await zoneRows.nth(i).locator('td').allTextContents();
			const [structures, accompanied, , expected] = cells.map(digits);
			totalStructures += structures;
			const missing = cells[4];
			const gap = Math.round(expected - accompanied);
			expect(missing, `zone ${i}`).toBe(gap > 0 ? String(gap) : gap < 0 ? `aucune (+${-gap})` : '0');
		}
		expect(totalStructures).toBe(digits(await page.locator('[data-figure="structures"] .value').textContent()));
		// EPCI ranking (the shared gap analysis, as /api/gaps gives it) and its map.
		const gaps = await (await page.request.get(`${session.server.url}/api/gaps?level=epci&de=${PERIOD.de}&a=${PERIOD.a}`)).json();
		const first = [...gaps.rows].sort((a: { rank: number }, b: { rank: number }) => a.rank - b.rank)[0];
		const ranking = page.getByTestId('epci-ranking').locator('tbody tr');
		expect(await ranking.count()).toBe(10);
		expect(await ranking.first().getAttribute('data-epci')).toBe(first.code);
		const map = page.getByTestId('gap-score-map');
		expect(await map.locator('path[data-epci]').count()).toBeGreaterThanOrEqual(22);
		expect(await map.locator(`path[data-epci="${first.code}"]`).getAttribute('data-score')).toBe(String(first.score));
		expect(new Set(await map.locator('path[data-epci]').evaluateAll((ps) => ps.map((p) => p.getAttribute('fill')))).size).toBeGreaterThan(
			2
		);

		// The card and the per-year chart: the new structures of each year add up to the card.
		const card = digits(await page.locator('[data-figure="accompagnees"] .value').textContent());
		const note = (await page.locator('[data-chart="annees"] .source').textContent())!;
		const sum = /s’additionnent : ([\d\s\u202f+]+) = ([\d\s\u202f]+) structures/.exec(note)!;
		expect(digits(sum[2])).toBe(card);
		expect(sum[1].split('+').reduce((s, n) => s + digits(n), 0)).toBe(card);
		expect(await page.locator('[data-chart="annees"] .title').textContent()).toContain('Structures accompagnées par année');
		expect(await page.locator('[data-figure="accompagnements"] dt').textContent()).toContain('Parcours DLA');

		await page.getByTestId('zone-gaps').scrollIntoViewIfNeeded();
		await shot(page, `${backend}-departement-ou`);
		await shot(page, `${backend}-departement-full`, true);

		// The same in one slide.
		await page.goto(`${session.server.url}/portrait/departement/57?de=${PERIOD.de}&a=${PERIOD.a}&mode=diapo`);
		await slidesReady(page);
		const slides = page.locator('[aria-roledescription="diaporama"]');
		for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
		await expect.poll(() => slides.getAttribute('data-slide')).toBe('ou');
		expect(await slides.getByTestId('zone-gaps').locator('tbody tr').count()).toBe(4);
		expect(await slides.getByTestId('epci-ranking').locator('tbody tr').count()).toBe(8);
		expect(await slides.getByTestId('gap-score-map').locator('path[data-epci]').count()).toBeGreaterThanOrEqual(22);
		expect(await page.getByTestId('slide-counter').textContent()).toBe('4 / 8');
		await shot(page, `${backend}-diapo-ou`);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('keeps testimonials and missing DLA details as the team’s reminders; shows the officer only when ticked; Échap loads nothing', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const base = `${session.server.url}/portrait/epci/${FORBACH}`;
		await page.goto(`${base}?de=${PERIOD.de}&a=${PERIOD.a}`);
		await hydrated(page);
		// The team's view: the empty testimonial section as a reminder; hidden on paper.
		expect(await page.getByTestId('testimonials').isVisible()).toBe(true);
		const contact = page.getByTestId('dla-contact');
		expect(await contact.textContent()).toContain('1 rue du Coëtlosquet, 57000 Metz');
		if (DLA.telephone) expect(await contact.getByTestId('dla-telephone').textContent()).toContain(DLA.telephone);
		if (DLA.courriel) expect(await contact.getByTestId('dla-courriel').textContent()).toContain(DLA.courriel);
		expect(await contact.getByTestId('dla-lacking').count()).toBe(DLA.telephone && DLA.courriel ? 0 : 1);
		await page.emulateMedia({ media: 'print' });
		expect(await page.getByTestId('testimonials').isVisible()).toBe(false);
		expect(
			await page
				.getByTestId('dla-lacking')
				.isVisible()
				.catch(() => false)
		).toBe(false);
		await page.emulateMedia({ media: 'screen' });

		// The officer's details: off by default, on when ticked — without loading the page again.
		const requests: string[] = [];
		page.on('request', (r) => {
			if (r.resourceType() === 'document' || r.url().includes('__data.json')) requests.push(r.url());
		});
		await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
		const box = page.getByTestId('presenter-checkbox');
		expect(await box.isChecked()).toBe(false);
		expect(await page.getByTestId('dla-presenter').count()).toBe(0);
		await box.check();
		await page.getByTestId('dla-presenter').waitFor();
		expect(await page.getByTestId('dla-presenter').textContent()).toContain(ADMIN.email);
		await expect.poll(() => new URL(page.url()).searchParams.get('interlocuteur')).toBe('1');
		expect(await page.getByTestId('pptx-link').getAttribute('href')).toContain('interlocuteur=1');
		await shot(page, `${backend}-epci-contact-interlocuteur`);
		await page.getByTestId('dla-contact').scrollIntoViewIfNeeded();
		await shot(page, `${backend}-epci-contact`);

		// Slides from the toolbar, then Échap: same document, nothing fetched.
		await page.getByRole('button', { name: 'Diaporama' }).click();
		await slidesReady(page);
		await expect.poll(() => new URL(page.url()).searchParams.get('mode')).toBe('diapo');
		await page.keyboard.press('End');
		const slides = page.locator('[aria-roledescription="diaporama"]');
		await expect.poll(() => slides.getAttribute('data-slide')).toBe('contacts');
		expect(await slides.getByTestId('dla-presenter').textContent()).toContain(ADMIN.email);
		expect(await slides.textContent()).not.toContain('Témoignages');
		await shot(page, `${backend}-diapo-contacts`);
		await page.keyboard.press('Escape');
		await page.getByTestId('portrait').waitFor();
		await expect.poll(() => new URL(page.url()).searchParams.has('mode')).toBe(false);
		expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
		expect(requests).toEqual([]);
		// Opened at ?mode=diapo, Échap leaves in place too.
		await page.goto(`${base}?de=${PERIOD.de}&a=${PERIOD.a}&mode=diapo`);
		await slidesReady(page);
		await page.waitForLoadState('networkidle');
		requests.length = 0;
		await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
		await page.keyboard.press('Escape');
		await page.getByTestId('portrait').waitFor();
		expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
		expect(requests).toEqual([]);

		// A share link: nothing of the team's, no testimonial section, no officer.
		await page.getByText(/Liens de partage/).click();
		await page.getByRole('button', { name: /Créer un lien de partage/ }).click();
		await page.getByTestId('share-url').waitFor({ timeout: 15_000 });
		const shareUrl = await page.getByTestId('share-url').inputValue();
		const visitor = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
		const shared = await visitor.newPage();
		await shared.goto(shareUrl);
		await shared.getByTestId('portrait').waitFor();
		expect(await shared.getByTestId('testimonials').count()).toBe(0);
		expect(await shared.getByTestId('dla-lacking').count()).toBe(0);
		expect(await shared.getByTestId('dla-presenter').count()).toBe(0);
		expect(await shared.getByTestId('presenter-checkbox').count()).toBe(0);
		expect(await shared.locator('body').innerText()).not.toContain(ADMIN.email);
		await shared.getByTestId('dla-contact').scrollIntoViewIfNeeded();
		await shot(shared, `${backend}-partage-contact`);
		await visitor.close();
		expect(errors).toEqual([]);
		await page.close();
	});

	it('prints the département on three full A4 landscape pages at most, nothing clipped on the right', { timeout: 240_000 }, async () => {
		const page = await session.context.newPage();
		const response = await page.request.get(`${session.server.url}/portrait/departement/57/pdf?de=${PERIOD.de}&a=${PERIOD.a}`, {
			timeout: 180_000
		});
		expect(response.status()).toBe(200);
		const pdf = await response.body();
		fs.mkdirSync(ARTIFACTS, { recursive: true });
		fs.writeFileSync(path.join(ARTIFACTS, `portrait-${backend}-departement.pdf`), pdf);
		const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
		expect(pages).toBeGreaterThanOrEqual(2);
		expect(pages).toBeLessThanOrEqual(3);

		// The print view on an A4 landscape sheet (297 mm at 96 px per inch) with its 10 mm side
		// margins: whatever the printable width (277 mm) cannot hold would spill into the right margin.
		const sheet = Math.round((297 / 25.4) * 96);
		const margin = Math.round((10 / 25.4) * 96);
		const printable = sheet - 2 * margin;
		await page.setViewportSize({ width: sheet, height: 794 });
		await page.goto(`${session.server.url}/portrait/departement/57?de=${PERIOD.de}&a=${PERIOD.a}&mode=impression`);
		await page.getByTestId('portrait').waitFor();
		await page.emulateMedia({ media: 'print' });
		await page.addStyleTag({ content: `html, body { margin: 0 !important; } body { padding: 0 ${margin}px !important; }` });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(sheet);
		const overflowing = await page.evaluate((right) => {
			const out: string[] = [];
			for (const el of document.querySelectorAll('.portrait *')) {
				// Shapes inside an SVG are clipped by it: the SVG's own box is what must fit.
				if (el.parentElement?.closest('svg')) continue;
				const r = el.getBoundingClientRect();
				if (r.width > 0 && r.right > right + 0.5) out.push(`${el.tagName}.${el.getAttribute('class')} ${Math.round(r.right)}`);
			}
			return out.slice(0, 5);
		}, sheet - margin);
		expect(overflowing).toEqual([]);
		const png = await page.screenshot({ fullPage: true });
		fs.mkdirSync(SHOTS, { recursive: true });
		fs.writeFileSync(path.join(SHOTS, `${backend}-departement-impression.png`), png);
		// The right margin's pixel columns are background: decoded by a blank page's canvas.
		const decoder = await session.context.newPage();
		const column = await decoder.evaluate(
			async ({ b64, from }) => {
				const img = new Image();
				img.src = `data:image/png;base64,${b64}`;
				await img.decode();
				const canvas = document.createElement('canvas');
				canvas.width = img.width;
				canvas.height = img.height;
				const ctx = canvas.getContext('2d')!;
				ctx.drawImage(img, 0, 0);
				const data = ctx.getImageData(from, 0, img.width - from, img.height).data;
				let ink = 0;
				for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 3 * 235) ink++;
				return { width: img.width, ink };
			},
			{ b64: png.toString('base64'), from: sheet - margin + 1 }
		);
		await decoder.close();
		expect(column.width).toBe(sheet);
		expect(column.ink).toBe(0);
		// …and the printable width is used: the maps reach its right edge.
		const mapRight = await page
			.getByTestId('gap-score-map')
			.locator('svg[role="img"]')
			.evaluate((e) => e.getBoundingClientRect().right);
		expect(mapRight).toBeGreaterThan(sheet - margin - 2);
		expect(printable).toBe(1047);
		await page.close();
	});

	it('downloads an editable PowerPoint with the slide mode’s slides, and passes axe', { timeout: 180_000 }, async () => {
		const page = await session.context.newPage();
		await page.goto(`${session.server.url}/portrait/departement/57?de=${PERIOD.de}&a=${PERIOD.a}`);
		await hydrated(page);
		const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('pptx-link').click()]);
		expect(download.suggestedFilename()).toBe(`portrait-departement-57-${PERIOD.de}-${PERIOD.a}.pptx`);
		const zip = await JSZip.loadAsync(fs.readFileSync((await download.path())!));
		const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
		expect(slides).toHaveLength(8);
		const text = async (n: number) => zip.file(`ppt/slides/slide${n}.xml`)!.async('string');
		expect(await text(1)).toContain('<a:t>Moselle</a:t>');
		expect(await text(4)).toContain('Où le DLA manque');
		expect(await text(6)).toContain('<c:chart');
		expect(await text(8)).toContain('1 rue du Coëtlosquet, 57000 Metz');
		expect(await text(8)).not.toContain(ADMIN.email);
		const bad = await page.request.get(`${session.server.url}/portrait/departement/57/slides.pptx?de=abc`);
		expect(bad.status()).toBe(400);
		expect((await page.request.get(`${session.server.url}/portrait/epci/000000000/slides.pptx`)).status()).toBe(404);

		// Accessibility of the portrait page: no serious or critical violation.
		expect(await seriousAccessibilityIssues(page)).toEqual([]);
		await page.close();
	});
});
