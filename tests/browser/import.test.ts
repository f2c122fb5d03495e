// The import page in a real browser: a messy generic CSV (Windows-1252, `;`, a bad SIRET, an XSS
// and an SQL-injection payload), column mapping, dry run, import, rejected-rows report; and the
// upload size limit.
import fs from 'node:fs/promises';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { siretOf, sirenOf, badSiret } from '../fixtures/imports/builders';
import { collectErrors, screenshot } from '../helpers/browser';
import { login } from '../helpers/server';
import { useBrowserSession } from '../helpers/session';

const XSS = '<img src=x onerror="window.__pwned=1">Asso XSS';
const SQLI = "Robert'); DROP TABLE actor;--";

function messyCsv(): Buffer {
	const lines = [
		'Raison sociale;SIRET;Code postal;Commune;Code NAF',
		`Épicerie sociale de Créhange;${siretOf(sirenOf(81000001))};57690;Créhange;88.99B`,
		`"Théâtre ""Le Préau""\nde Bitche";${siretOf(sirenOf(81000002))};57230;Bitche;90.01Z`,
		`Mauvais SIRET;${badSiret(siretOf(sirenOf(81000003)))};57000;Metz;94.99Z`,
		`${XSS};${siretOf(sirenOf(81000004))};57400;Sarrebourg;94.99Z`,
		`"${SQLI}";${siretOf(sirenOf(81000005))};57000;Metz;94.99Z`
	];
	return iconv.encode(lines.join('\r\n'), 'windows-1252');
}

describe('import page (PGlite)', () => {
	const session = useBrowserSession('pglite', { MAILLAGE_DEMO: 'off' });

	it('maps, tries, imports a messy CSV and reports the rejected rows', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		await page.goto(`${session.server.url}/import`);
		await page.getByLabel('Fichier').setInputFiles({ name: 'structures.csv', mimeType: 'text/csv', buffer: messyCsv() });
		await page.getByRole('button', { name: 'Examiner' }).click();
		const preview = page.getByTestId('import-preview');
		await expect.poll(() => preview.textContent()).toContain('windows-1252');
		expect(await preview.textContent()).toContain('Épicerie sociale de Créhange');
		expect(await preview.locator('select[name="map-nom"]').inputValue()).toBe('Raison sociale');
		expect(await preview.locator('select[name="map-siret"]').inputValue()).toBe('SIRET');
		await screenshot(page, 'import-preview');

		await preview.getByRole('button', { name: 'Essai à blanc' }).click();
		const result = page.getByTestId('import-result');
		await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('rien n’a été écrit');
		expect(await result.getByTestId('count-imported').textContent()).toBe('4');
		expect(await result.getByTestId('count-rejected').textContent()).toBe('1');

		await preview.getByRole('button', { name: 'Importer' }).click();
		await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('Import terminé');
		expect(await result.getByTestId('count-imported').textContent()).toBe('4');
		// Physical line 5: the quoted name of line 3 runs over two lines.
		expect(await result.textContent()).toMatch(/5\s*SIRET\s*SIRET « \d{14} » : clé de contrôle/i);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			result.getByRole('link', { name: /Télécharger le rapport/ }).click()
		]);
		const report = await fs.readFile((await download.path())!, 'utf8');
		expect(report.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('ligne;colonne;motif;donnees');
		expect(report).toMatch(/\r\n5;SIRET;/);
		await screenshot(page, 'import-done');

		// The payloads are stored as typed and shown as text: no script ran.
		const cookie = await login(session.server);
		const found = await (await fetch(`${session.server.url}/api/actors?q=asso%20xss`, { headers: { cookie } })).json();
		expect(found.rows.map((r: { nom: string }) => r.nom)).toEqual([XSS]);
		const sqli = await (
			await fetch(`${session.server.url}/api/search?q=${encodeURIComponent('robert drop table')}`, { headers: { cookie } })
		).json();
		expect(sqli.actors.map((a: { nom: string }) => a.nom)).toContain(SQLI);
		await page.goto(`${session.server.url}/?acteur=${found.rows[0].id}&liste=1&q=asso%20xss`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await expect.poll(() => page.getByTestId('actor-panel').locator('h2').textContent()).toBe(XSS);
		expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
		expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
		await page.close();
	});

	it('shows hostile text of every edited field as text, in the panel and the list, without running it', async () => {
		const cookie = await login(session.server);
		const headers = { cookie, origin: session.server.url, 'content-type': 'application/json' };
		const list = await (await fetch(`${session.server.url}/api/actors?kind=collectivite&par=1`, { headers: { cookie } })).json();
		const id = list.rows[0].id;
		const before = await (await fetch(`${session.server.url}/api/actors/${id}`, { headers: { cookie } })).json();
		const changes = {
			nom: `${XSS} <script>window.__pwned=1</script>`,
			sigle: '<svg/onload=window.__pwned=3>',
			adresse: '" autofocus onfocus="window.__pwned=4" x="',
			notes: '{@html "<b>gras</b>"} <iframe src="javascript:window.__pwned=6"></iframe>',
			tags: ['<img src=x onerror=window.__pwned=7>', SQLI]
		};
		const saved = await fetch(`${session.server.url}/api/actors/${id}`, {
			method: 'PATCH',
			headers,
			body: JSON.stringify({ version: before.version, changes })
		});
		expect(saved.status).toBe(200);

		const page = await session.context.newPage();
		await page.goto(`${session.server.url}/?acteur=${id}&liste=1&kind=collectivite`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		const panel = page.getByTestId('actor-panel');
		await expect.poll(() => panel.locator('h2').textContent()).toBe(changes.nom);
		const text = (await panel.textContent())!;
		for (const value of [changes.sigle, changes.adresse, changes.tags.join(', ')]) expect(text).toContain(value);
		// Shown as text: no element was made from the payloads.
		expect(await page.locator('svg[onload], iframe, img[onerror], [onfocus]').count()).toBe(0);
		expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
		await screenshot(page, 'payloads-panel');
		await page.close();
	});

	it('refuses an upload over the size limit with a clear message, and only admins may import', async () => {
		const cookie = await login(session.server);
		const big = new FormData();
		big.set('file', new Blob([Buffer.alloc(51 * 1024 * 1024, 0x41)]), 'enorme.csv');
		const response = await fetch(`${session.server.url}/import?/inspect`, {
			method: 'POST',
			body: big,
			headers: { cookie, origin: session.server.url, accept: 'application/json' }
		});
		const body = await response.json();
		expect(JSON.stringify(body)).toMatch(/trop volumineux : 50 Mo au plus/);
		expect(body.status).toBe(413);
	});
});
