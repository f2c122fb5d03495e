// Online registration to an event, « issues de rencontres » in the yearly indicators and the
// sign-in sheet read from XLSX, against each backend. Registration: the link's token stored only
// hashed, an invited contact's address matched to its line (registered online) with the consent
// recorded, the same address again updating, the per-address and per-link limits, a revoked link
// or a past event refused (410), RGPD export and erasure. Then the public page over HTTP: no other
// registrant's name or address in its HTML, 429 past the limit, 410 once revoked.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rencontreRegistrationSchema, rencontreSchema } from '../../src/lib/schemas/rencontre';
import { sha256 } from '../../src/lib/server/auth/crypto';
import { xlsxTable } from '../../src/lib/server/exports/spreadsheet';
import { upsertAccompaniments } from '../../src/lib/server/queries/accompaniments';
import { upsertActors } from '../../src/lib/server/queries/actors';
import { erasePerson, exportPerson } from '../../src/lib/server/queries/contacts';
import { addInvite, createRencontre, getRencontre, importSignInSheet, setAttendance } from '../../src/lib/server/queries/events';
import { indicatorRows } from '../../src/lib/server/queries/indicators';
import {
	createRegistrationLink,
	REGISTRATION_LIMITS,
	registerOnline,
	registrationsOf,
	reserveRegistrationAttempt,
	resolveRegistrationLink,
	revokeRegistrationLink
} from '../../src/lib/server/queries/rencontre-inscriptions';
import { BACKENDS, openSeededTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';
import { login, postForm, startServer, type RunningServer } from '../helpers/server';

const WHO = { id: 0, email: 'cm@maillage.test' };
const TODAY = '2026-12-02';
const actor = actorFixture({ naf: '90.01Z', commune_code: '57227' });
/** A registration as the public form sends it, through its schema. */
const registration = (over: Record<string, string> = {}) =>
	rencontreRegistrationSchema.parse({ nom: 'Alice Martin', structure: 'Théâtre', email: 'alice@theatre.test', ...over });

async function newEvent(db: Parameters<typeof createRencontre>[0], titre: string, date: string) {
	const created = await createRencontre(
		db,
		rencontreSchema.parse({ titre, kind: 'rencontre_territoriale', date, heure_debut: '18:00', lieu_adresse: '1 place de la Mairie' }),
		WHO
	);
	if (!created.ok) throw new Error(created.message);
	return created.id;
}

describe.each(BACKENDS)('online registration, issues de rencontres and XLSX sign-in sheets on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openSeededTestDatabase>>;
	const ids: Record<string, number> = {};
	let contactAlice: number;
	let event: number;
	beforeAll(async () => {
		handle = await openSeededTestDatabase(backend, { territories: true });
		await upsertActors(handle.db, [
			actor(1, { nom: 'Théâtre de Forbach' }),
			actor(2, { nom: 'Fanfare de Forbach' }),
			actor(3, { nom: 'Compagnie de Forbach' }),
			actor(4, { nom: 'Cinéma de Forbach' }),
			actor(5, { nom: 'Ville de Forbach', kind: 'collectivite', categorie_juridique: '7210', naf: '84.11Z' }),
			actor(6, { nom: 'Chorale de Forbach' }),
			actor(7, { nom: 'Musée de Forbach' })
		]);
		Object.assign(ids, await actorIdsBySourceId(handle.db));
		const contacts = await handle.db
			.insertInto('contact')
			.values([
				{
					actor_id: ids.t1,
					nom: 'Alice Martin',
					role: null,
					email: 'Alice@Theatre.test',
					telephone: null,
					base_legale: 'interet_legitime'
				},
				{ actor_id: ids.t1, nom: 'Bruno Klein', role: null, email: 'bruno@theatre.test', telephone: null, base_legale: 'interet_legitime' }
			])
			.returning('id')
			.execute();
		contactAlice = contacts[0].id;
		event = await newEvent(handle.db, 'Rencontre de Forbach', '2027-03-10');
		// Only Alice's line at first: Bruno registering adds his.
		expect(await addInvite(handle.db, event, { actor_id: ids.t1, contact_id: contactAlice, personne: null }, WHO)).toMatchObject({
			ok: true
		});
	});
	afterAll(async () => handle?.drop());

	it('stores a registration (token hashed), matches an invited contact’s line, records the consent, and updates on the same address', async () => {
		const link = await createRegistrationLink(handle.db, event, WHO);
		if (!link.ok) throw new Error(link.message);
		const stored = await handle.db
			.selectFrom('rencontre_inscription_lien')
			.select('token_hash')
			.where('rencontre_id', '=', event)
			.execute();
		expect(stored).toEqual([{ token_hash: sha256(link.token) }]);
		expect(JSON.stringify(await handle.db.selectFrom('rencontre_inscription_lien').selectAll().execute())).not.toContain(link.token);

		expect(await registerOnline(handle.db, link.token, registration({ consent_contact: 'on' }), TODAY)).toEqual({
			ok: true,
			created: true,
			matched: true
		});
		let detail = (await getRencontre(handle.db, event, true))!;
		expect(detail.invites.map((i) => [i.personne, i.inscrit, i.en_ligne])).toEqual([['Alice Martin', true, true]]);
		const consent = await handle.db
			.selectFrom('contact_consent')
			.select(['channel', 'status', 'base_legale', 'source', 'recorded_at'])
			.where('contact_id', '=', contactAlice)
			.execute();
		expect(consent).toEqual([
			{
				channel: 'evenements',
				status: 'accorde',
				base_legale: 'consentement',
				source: 'inscription en ligne',
				recorded_at: expect.any(Date)
			}
		]);

		// The same address again (other case): the registration is updated, not doubled.
		expect(
			await registerOnline(handle.db, link.token, registration({ email: 'ALICE@theatre.test', structure: 'Théâtre de Forbach' }), TODAY)
		).toEqual({ ok: true, created: false, matched: true });
		// A contact of an invited actor not yet on the list: their line is added; a stranger stays unmatched.
		expect(
			await registerOnline(handle.db, link.token, registration({ nom: 'Bruno Klein', email: 'bruno@theatre.test' }), TODAY)
		).toMatchObject({
			matched: true
		});
		expect(
			await registerOnline(handle.db, link.token, registration({ nom: 'Zoé Inconnue', email: 'zoe@ailleurs.test' }), TODAY)
		).toMatchObject({
			created: true,
			matched: false
		});
		const rows = await registrationsOf(handle.db, event, true);
		expect(rows.map((r) => [r.nom, r.structure, r.email, r.actor])).toEqual([
			['Alice Martin', 'Théâtre de Forbach', 'alice@theatre.test', 'Théâtre de Forbach'],
			['Bruno Klein', 'Théâtre', 'bruno@theatre.test', 'Théâtre de Forbach'],
			['Zoé Inconnue', 'Théâtre', 'zoe@ailleurs.test', null]
		]);
		expect((await registrationsOf(handle.db, event, false)).map((r) => [r.nom, r.email])).toEqual([
			[null, null],
			[null, null],
			[null, null]
		]);
		detail = (await getRencontre(handle.db, event, true))!;
		expect(detail.invites.map((i) => [i.personne, i.origine, i.inscrit, i.en_ligne])).toEqual([
			['Alice Martin', 'manuel', true, true],
			['Bruno Klein', 'inscription', true, true]
		]);
	});

	it('answers 410 for a revoked link and for an event already held; a new link replaces the old one', async () => {
		const first = await createRegistrationLink(handle.db, event, WHO);
		const second = await createRegistrationLink(handle.db, event, WHO);
		if (!first.ok || !second.ok) throw new Error('lien');
		expect(await resolveRegistrationLink(handle.db, first.token, TODAY)).toMatchObject({ status: 'gone' });
		expect(await registerOnline(handle.db, first.token, registration(), TODAY)).toMatchObject({ ok: false, status: 410 });
		expect(await resolveRegistrationLink(handle.db, second.token, TODAY)).toMatchObject({
			status: 'valid',
			rencontre: { titre: 'Rencontre de Forbach' }
		});
		// After the event's day, the link is closed.
		expect(await resolveRegistrationLink(handle.db, second.token, '2027-03-11')).toMatchObject({ status: 'gone' });
		expect(await revokeRegistrationLink(handle.db, event, WHO)).toBe(true);
		expect(await revokeRegistrationLink(handle.db, event, WHO)).toBe(false);
		expect(await registerOnline(handle.db, second.token, registration(), TODAY)).toMatchObject({ ok: false, status: 410 });
		expect(await resolveRegistrationLink(handle.db, 'x'.repeat(43), TODAY)).toEqual({ status: 'unknown' });
	});

	it('limits registrations per address and per link', async () => {
		const limits = { address: 3, link: 5, windowMs: 60_000 };
		const tries = async (address: string, linkId: number, n: number) => {
			const out = [];
			for (let i = 0; i < n; i++) out.push((await reserveRegistrationAttempt(handle.db, { address, linkId }, limits)).allowed);
			return out;
		};
		expect(await tries('10.0.0.1', 1001, 4)).toEqual([true, true, true, false]);
		// Another address on the same link: the link's own limit (5) stops it after 1 more.
		expect(await tries('10.0.0.2', 1001, 2)).toEqual([true, false]);
		// Another link from a fresh address is untouched.
		expect(await tries('10.0.0.3', 1002, 1)).toEqual([true]);
		expect(REGISTRATION_LIMITS.address).toBeLessThan(REGISTRATION_LIMITS.link);
	});

	it('exports and erases a registrant’s data (RGPD), matched or not', async () => {
		expect((await exportPerson(handle.db, { email: 'zoe@ailleurs.test' })).registrations).toEqual([
			expect.objectContaining({ nom: 'Zoé Inconnue', rencontre: 'Rencontre de Forbach' })
		]);
		await erasePerson(handle.db, { email: 'zoe@ailleurs.test' });
		await erasePerson(handle.db, { email: 'alice@theatre.test' });
		expect((await registrationsOf(handle.db, event, true)).map((r) => r.nom)).toEqual(['Bruno Klein']);
		expect((await exportPerson(handle.db, { email: 'zoe@ailleurs.test' })).registrations).toEqual([]);
	});

	it('counts « issues de rencontres » per year as an independent SQL count does', async () => {
		const held = async (date: string, present: number[], invited: number[] = []) => {
			const id = await newEvent(handle.db, `Tenue le ${date}`, date);
			for (const n of [...present, ...invited])
				await addInvite(handle.db, id, { actor_id: ids[`t${n}`], contact_id: null, personne: 'Quelqu’un' }, WHO);
			const lines = (await getRencontre(handle.db, id, true))!.invites;
			for (const line of lines.filter((l) => present.some((n) => ids[`t${n}`] === l.actor_id)))
				expect((await setAttendance(handle.db, id, { invite_id: line.id, inscrit: null, present: true }, WHO, TODAY)).ok).toBe(true);
		};
		// 2025: t1 (accueil 5 months after), t2 (twice; 14 months after the first, 8 after the second),
		// t3 (parcours before only), t4 (13 months after), t5 (a collectivité), t6 (invited, absent).
		await held('2025-03-15', [1, 2, 3, 4, 5], [6]);
		await held('2025-10-01', [2]);
		await held('2024-06-01', [7]);
		await upsertAccompaniments(handle.db, [
			testAccompaniment({ actor_id: ids.t1, date_accueil: '2025-08-15', source_id: 'r1' }),
			testAccompaniment({ actor_id: ids.t2, date_accueil: '2026-05-20', source_id: 'r2' }),
			testAccompaniment({ actor_id: ids.t3, date_accueil: '2024-01-10', source_id: 'r3' }),
			testAccompaniment({ actor_id: ids.t4, date_accueil: '2026-04-20', source_id: 'r4' }),
			testAccompaniment({ actor_id: ids.t7, date_accueil: '2024-06-01', source_id: 'r7' })
		]);
		const rows = await indicatorRows(handle.db, { level: 'departement', de: 2024, a: 2026, secteur: [] }, '57');
		const figures = rows.map((r) => [r.year, r.rencontres_structures, r.issues_rencontres]);
		expect(figures).toEqual([
			[2024, 1, 1],
			[2025, 4, 2],
			[2026, 0, 0]
		]);
		// Independently: the first parcours opened on or after each attendance, within a year of it.
		const { rows: independent } = await sql<{ year: number; venues: number; issues: number }>`
			WITH came AS (
				SELECT DISTINCT i.actor_id, r.date FROM rencontre_invite i
				JOIN rencontre r ON r.id = i.rencontre_id JOIN actor a ON a.id = i.actor_id
				WHERE i.present AND a.kind = 'structure_ess'
			), firsts AS (
				SELECT c.actor_id, c.date, (SELECT min(ac.date_accueil) FROM accompaniment ac WHERE ac.actor_id = c.actor_id AND ac.date_accueil >= c.date) AS first_after
				FROM came c
			)
			SELECT y.year, count(DISTINCT f.actor_id)::int AS venues,
				count(DISTINCT f.actor_id) FILTER (WHERE f.first_after <= (f.date + interval '1 year'))::int AS issues
			FROM generate_series(2024, 2026) AS y(year)
			LEFT JOIN firsts f ON extract(year FROM f.date) = y.year
			GROUP BY y.year ORDER BY y.year`.execute(handle.db);
		expect(independent.map((r) => [r.year, r.venues, r.issues])).toEqual(figures);
	});

	it('imports the sign-in sheet from XLSX as from CSV, and again changes nothing', async () => {
		const a = await newEvent(handle.db, 'Feuille CSV', '2026-11-05');
		const b = await newEvent(handle.db, 'Feuille XLSX', '2026-11-05');
		for (const id of [a, b]) {
			await addInvite(handle.db, id, { actor_id: ids.t1, contact_id: null, personne: 'Bruno Klein' }, WHO);
			await addInvite(handle.db, id, { actor_id: ids.t3, contact_id: null, personne: null }, WHO);
		}
		const header = ['Identifiant Maillage', 'Personne', 'Inscrit', 'Présent'];
		const records = [
			[String(ids.t1), 'Bruno Klein', 'oui', 'x'],
			[String(ids.t3), '', 'oui', 'non'],
			[String(ids.t6), 'Nouvelle Venue', '', 'oui'],
			['999999', 'Personne', '', 'oui']
		];
		const csv = new TextEncoder().encode([header, ...records].map((r) => r.join(';')).join('\n'));
		const xlsx = await xlsxTable(
			header.map((label, i) => ({ label, value: (r: string[]) => r[i] || null })),
			records,
			'Émargement'
		);
		const fromCsv = await importSignInSheet(handle.db, a, csv, WHO, TODAY, 'emargement.csv');
		const fromXlsx = await importSignInSheet(handle.db, b, new Uint8Array(xlsx), WHO, TODAY, 'emargement.xlsx');
		expect(fromCsv).toMatchObject({ ok: true, report: { read: 4, changed: 3, added: 1 } });
		expect(fromXlsx).toEqual(fromCsv);
		const state = async (id: number) =>
			(await getRencontre(handle.db, id, true))!.invites.map((i) => [i.actor_id, i.personne, i.origine, i.inscrit, i.present]);
		expect(await state(b)).toEqual(await state(a));
		const logs = async () =>
			Number(
				(
					await handle.db
						.selectFrom('contact_log')
						.select(sql<number>`count(*)`.as('n'))
						.where('source', '=', 'rencontre')
						.executeTakeFirstOrThrow()
				).n
			);
		const before = await logs();
		expect(await importSignInSheet(handle.db, b, new Uint8Array(xlsx), WHO, TODAY, 'emargement.xlsx')).toMatchObject({
			ok: true,
			report: { read: 4, changed: 0, unchanged: 3, added: 0 }
		});
		expect(await logs()).toBe(before);
		expect(await state(b)).toEqual(await state(a));
	});
});

describe.each(BACKENDS)('the public registration page on %s', (backend) => {
	let server: RunningServer;
	let token: string;
	let rencontreId: number;
	const get = (path: string) => fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
	const register = (fields: Record<string, string>) => postForm(server, `/inscription/${token}`, '', fields);

	beforeAll(async () => {
		server = await startServer(backend);
		const admin = await login(server);
		await server.withDatabase(async (db) => {
			rencontreId = await newEvent(db, 'Atelier public de Sarreguemines', '2099-05-12');
		});
		const made = await postForm(server, `/rencontres/${rencontreId}?/lien`, admin, {});
		const html = await made.text();
		token = html.match(/\/inscription\/([\w-]{20,})/)![1];
	});
	afterAll(async () => server?.stop());

	it('shows the event’s public facts only, stores a registration, and never shows another registrant', async () => {
		const page = await get(`/inscription/${token}`);
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain('Atelier public de Sarreguemines');
		expect(html).toContain('1 place de la Mairie');
		expect(html).toMatch(/type="checkbox" name="consent_contact"(?![^>]*checked)/);
		const sent = await register({ nom: 'Gaston Premier', structure: 'Asso G', email: 'gaston@asso.test' });
		expect(sent.status).toBe(200);
		const thanks = await sent.text();
		expect(thanks).toContain('votre inscription est enregistrée');
		// The next visitor's page and thanks say nothing of Gaston.
		const other = await register({ nom: 'Hélène Second', structure: 'Asso H', email: 'helene@asso.test', consent_contact: 'on' });
		for (const body of [await other.text(), await (await get(`/inscription/${token}`)).text()]) {
			expect(body).not.toContain('Gaston');
			expect(body).not.toContain('gaston@asso.test');
			expect(body).not.toContain('Asso G');
		}
		const stored = await server.withDatabase((db) =>
			db
				.selectFrom('rencontre_inscription')
				.select(['nom', 'email', 'consent_contact'])
				.where('rencontre_id', '=', rencontreId)
				.orderBy('id')
				.execute()
		);
		expect(stored).toEqual([
			{ nom: 'Gaston Premier', email: 'gaston@asso.test', consent_contact: false },
			{ nom: 'Hélène Second', email: 'helene@asso.test', consent_contact: true }
		]);
	});

	it('answers 429 with a French message past the per-address limit, without storing', { timeout: 300_000 }, async () => {
		let response: Response | null = null;
		for (let i = 0; i < REGISTRATION_LIMITS.address + 1; i++) {
			response = await register({ nom: `Essai ${i}`, structure: 'Asso', email: `essai${i}@asso.test` });
			if (response.status === 429) break;
		}
		expect(response!.status).toBe(429);
		expect(await response!.text()).toContain('Trop d’inscriptions envoyées depuis votre connexion');
		const n = await server.withDatabase(async (db) =>
			Number(
				(
					await db
						.selectFrom('rencontre_inscription')
						.select(sql<number>`count(*)`.as('n'))
						.where('rencontre_id', '=', rencontreId)
						.executeTakeFirstOrThrow()
				).n
			)
		);
		// Two from the first test and the rest of the address's allowance.
		expect(n).toBe(REGISTRATION_LIMITS.address);
	});

	it('answers 410 with a clear page once the link is revoked', async () => {
		const admin = await login(server);
		expect((await postForm(server, `/rencontres/${rencontreId}?/retirerLien`, admin, {})).status).toBe(200);
		const page = await get(`/inscription/${token}`);
		expect(page.status).toBe(410);
		expect(await page.text()).toContain('Ce lien d’inscription a été retiré par l’équipe du DLA.');
		expect((await register({ nom: 'Tard', structure: 'Asso', email: 'tard@asso.test' })).status).toBe(410);
		expect((await get(`/inscription/${'y'.repeat(43)}`)).status).toBe(404);
	});
});
