// The partner network of an EPCI in a real browser: relations imported from the /import page onto
// the demo's structures of the CC du Saulnois, then the network drawn on the map and by
// ForceAtlas2, a click on a node in each mode opening its panel, the ranking of who could relay
// the DLA, and a relation added and removed by hand in the explorer's panel.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { collectErrors, mapIdle, screenshot } from '../helpers/browser';
import { useBrowserSession } from '../helpers/session';

interface Row {
	id: number;
	nom: string;
}

async function actors(page: Page, base: string, query: string): Promise<Row[]> {
	const response = await page.request.get(`${base}/api/actors?${query}&par=10`);
	expect(response.status()).toBe(200);
	return (await response.json()).rows;
}

describe.each(BACKENDS)('network view on %s', (backend) => {
	const session = useBrowserSession(backend, {}, { own: true });

	it('draws the Saulnois network on the map and as a graph, opens a node, ranks the relays', async () => {
		const page = await session.context.newPage();
		const errors = collectErrors(page);
		const base = session.server.url;
		const epcis = await (await page.request.get(`${base}/api/territories?level=epci`)).json();
		const saulnois = epcis.features.find((f: { properties: { nom: string } }) => /Saulnois/.test(f.properties.nom)).properties
			.code as string;
		const structures = await actors(page, base, `kind=structure_ess&epci=${saulnois}&statut=jamais`);
		const partners = await actors(page, base, 'kind=partenaire');
		expect(structures.length).toBeGreaterThanOrEqual(4);
		expect(partners.length).toBeGreaterThanOrEqual(2);
		const [s1, s2, s3, s4] = structures;
		const [funder, network] = partners;
		const csv = [
			'de;vers;type;date_debut',
			`${funder.id};${s1.id};finance;2024-01-01`,
			`${funder.id};${s2.id};finance;2024-01-01`,
			`${funder.id};${s3.id};finance;2025-01-01`,
			`${s1.id};${network.id};membre_de;`,
			`${s4.id};${network.id};membre_de;`,
			`${s2.id};${s3.id};partenaire_de;`,
			`${s2.id};999999;partenaire_de;`
		].join('\n');
		// Imported from the /import page: recognised as relations, one row rejected with its line.
		await page.goto(`${base}/import`);
		await page.getByLabel('Fichier').setInputFiles({ name: 'relations.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.getByRole('button', { name: 'Examiner' }).click();
		const preview = page.getByTestId('import-preview');
		await expect.poll(() => preview.textContent()).toContain('Relations entre acteurs');
		await preview.getByRole('button', { name: 'Importer' }).click();
		const result = page.getByTestId('import-result');
		await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('Import terminé');
		expect(await result.getByTestId('count-read').textContent()).toBe('7');
		expect(await result.getByTestId('count-imported').textContent()).toBe('6');
		expect(await result.getByTestId('count-rejected').textContent()).toBe('1');
		expect(await result.locator('table tbody tr').first().locator('td').allTextContents()).toEqual([
			'8',
			'vers',
			'aucun acteur avec l’identifiant 999999 : importer d’abord l’acteur'
		]);
		await result.scrollIntoViewIfNeeded();
		await screenshot(page, `reseau-${backend}-import`);

		await page.goto(`${base}/reseau?territoire=epci:${saulnois}`);
		await page.waitForSelector('[data-testid="network-map"][data-map-ready="true"]', { timeout: 60_000 });
		await mapIdle(page, 'maillageNetworkMap');
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Saulnois');
		// The ranking: the funder reaches three never-accompanied structures, the network two (and,
		// as a prestataire in the demo, maybe structures it accompanied).
		const ranking = page.getByTestId('network-ranking').locator('tbody tr');
		expect(await ranking.first().locator('th button').textContent()).toBe(funder.nom);
		expect(await ranking.first().locator('td').allTextContents()).toEqual(['3', '3']);
		const networkRow = ranking.filter({ hasText: network.nom });
		expect(await networkRow.locator('td').first().textContent()).toBe('2');
		await screenshot(page, `reseau-${backend}-carte`);

		// A click on a circle of the map opens the actor's panel.
		const target = (await page.evaluate(`(() => {
			const map = window.maillageNetworkMap;
			const f = map.queryRenderedFeatures({ layers: ['network-nodes-circle'] }).find((f) => f.properties.id === ${s1.id});
			const p = map.project(f.geometry.coordinates);
			const r = map.getCanvas().getBoundingClientRect();
			return { x: r.left + p.x, y: r.top + p.y };
		})()`)) as { x: number; y: number };
		await page.mouse.click(target.x, target.y);
		const panel = page.getByTestId('network-panel');
		await expect.poll(() => panel.locator('h2').textContent()).toBe(s1.nom);
		expect(await panel.textContent()).toContain(`${funder.nom} — finance → ${s1.nom}`);
		await screenshot(page, `reseau-${backend}-carte-noeud`);

		// Only the funders: the network's relations (its membership, and any derived from the demo's
		// parcours if it is a prestataire there) leave the map and the ranking.
		// Each change navigates (the filter lives in the URL): the next waits for it, or it would
		// start from the types before it.
		const others: [string, string][] = [
			['Membre de', 'membre_de'],
			['Accompagne', 'accompagne'],
			['Partenaire de', 'partenaire_de'],
			['Co-organise', 'co_organise']
		];
		const shownTypes = () => new URL(page.url()).searchParams.get('types')?.split(',') ?? null;
		for (const [name, code] of others) {
			await page.getByRole('checkbox', { name }).uncheck();
			await expect.poll(() => shownTypes()?.includes(code)).toBe(false);
		}
		await expect.poll(() => ranking.filter({ hasText: network.nom }).count()).toBe(0);
		expect(await ranking.filter({ hasText: funder.nom }).count()).toBe(1);
		for (const [name, code] of others) {
			await page.getByRole('checkbox', { name }).check();
			await expect.poll(() => shownTypes() === null || shownTypes()!.includes(code)).toBe(true);
		}
		await expect.poll(() => ranking.filter({ hasText: network.nom }).count()).toBe(1);

		// The graph mode: ForceAtlas2 places the same actors; a click on a node opens it.
		await page.getByRole('button', { name: 'Graphe' }).click();
		await page.waitForSelector('[data-testid="network-graph"][data-graph-ready="true"]', { timeout: 30_000 });
		await page.waitForTimeout(500);
		const node = (await page.evaluate(`(() => {
			const p = window.maillageNetworkGraph.nodePosition(${network.id});
			const r = document.querySelector('[data-testid="network-graph"]').getBoundingClientRect();
			return { x: r.left + p.x, y: r.top + p.y };
		})()`)) as { x: number; y: number };
		await page.mouse.click(node.x, node.y);
		await expect.poll(() => panel.locator('h2').textContent()).toBe(network.nom);
		await screenshot(page, `reseau-${backend}-graphe`);

		await panel.getByRole('link', { name: 'Ouvrir la fiche sur la carte' }).click();
		await page.waitForURL(new RegExp(`/\\?acteur=${network.id}$`));
		// The explorer's panel lists the actor's relations.
		const relations = page.getByTestId('actor-relations');
		await expect.poll(() => relations.textContent(), { timeout: 30_000 }).toContain(s4.nom);
		await relations.scrollIntoViewIfNeeded();
		await screenshot(page, `reseau-${backend}-fiche`);

		// A relation added by hand from the panel (the other actor found by name), then removed.
		const form = page.getByTestId('relation-form');
		await form.getByLabel('Relation').selectOption('partenaire_de');
		await form.getByLabel('Sens').selectOption({ label: 'l’autre → cet acteur' });
		await form.getByLabel('Acteur lié').fill(s3.nom);
		await form.getByTestId('relation-picker').getByRole('button', { name: s3.nom, exact: true }).first().click();
		await form.getByLabel('Début').fill('2026-01-15');
		await form.getByRole('button', { name: 'Ajouter la relation' }).click();
		const added = relations.locator('li').filter({ hasText: `${s3.nom} — partenaire de` });
		await expect.poll(() => added.textContent()).toContain('Saisie · depuis 15/01/2026');
		await added.scrollIntoViewIfNeeded();
		await screenshot(page, `reseau-${backend}-fiche-relation`);
		await added.getByRole('button', { name: /^Retirer la relation/ }).click();
		await expect.poll(() => added.count()).toBe(0);
		// The membership imported stays.
		expect(await relations.textContent()).toContain(s4.nom);
		expect(errors).toEqual([]);
		await page.close();
	});
});
