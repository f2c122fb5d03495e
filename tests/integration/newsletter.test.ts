import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../src/lib/server/audit';
import { resolveNewsletter } from '../../src/lib/server/newsletter/content';
import { prepareIssue, renderSentIssue } from '../../src/lib/server/newsletter/issue';
import { renderNewsletter } from '../../src/lib/server/newsletter/render';
import { runSend, smtpTransport } from '../../src/lib/server/newsletter/send';
import { upsertAccompaniments } from '../../src/lib/server/queries/accompaniments';
import { upsertActors } from '../../src/lib/server/queries/actors';
import { exportPerson, erasePerson } from '../../src/lib/server/queries/contacts';
import { isUnsubscribed, recordConsent, unsubscribe } from '../../src/lib/server/queries/consents';
import { createNewsletter, deliveryCounts, deliveryLog } from '../../src/lib/server/queries/newsletters';
import { createSegment, getSegment, openSegment, segmentMemberIds, segmentRecipients } from '../../src/lib/server/queries/segments';
import { BACKENDS, openTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';
import { startSmtp, unsubscribeLink, type TestSmtp } from '../helpers/smtp';

const WHO: AuditActor = { id: 0, email: 'test@maillage.test' };
const COMMUNES = ['57463', '57132', '57630'];
const RECIPIENTS = 500;
const actor = actorFixture((n) => ({ commune_code: COMMUNES[n % 3], famille_juridique: n % 4 === 0 ? 'cooperative' : 'association' }));
const noFigure = async () => null;

describe.each(BACKENDS)('audiences and newsletter on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	let smtp: TestSmtp;
	let ids: Record<string, number>;
	beforeAll(async () => {
		// Three communes are enough for the filters (the full territory seed takes minutes here).
		handle = await openTestDatabase(backend);
		await sql`
			INSERT INTO territory (level, code, nom, zone_code, departement_code, codes_postaux, details, label_point)
			VALUES ('commune', '57463', 'Metz', 'nord', '57', '{}', '{}', ST_SetSRID(ST_MakePoint(6.17, 49.12), 4326)),
				('commune', '57132', 'Château-Salins', 'sud', '57', '{}', '{}', ST_SetSRID(ST_MakePoint(6.51, 48.82), 4326)),
				('commune', '57630', 'Sarreguemines', 'est', '57', '{}', '{}', ST_SetSRID(ST_MakePoint(7.07, 49.11), 4326))`.execute(handle.db);
		smtp = await startSmtp(new Set(['refuse@example.org']));
		await upsertActors(
			handle.db,
			Array.from({ length: RECIPIENTS + 20 }, (_, i) => actor(i + 1, { nom: `Structure ${i + 1}` }))
		);
		ids = await actorIdsBySourceId(handle.db);
		// One person per structure: 1–500 agreed to the newsletter, 501–510 withdrew it, 511–520 never said.
		const contacts = await handle.db
			.insertInto('contact')
			.values(
				Array.from({ length: RECIPIENTS + 20 }, (_, i) => ({
					actor_id: ids[`t${i + 1}`],
					nom: `Personne ${i + 1}`,
					role: i % 2 ? 'Trésorier' : 'Présidente',
					email: `p${i + 1}@example.org`,
					telephone: null,
					base_legale: 'consentement'
				}))
			)
			.returning(['id', 'actor_id'])
			.execute();
		// Recorded in bulk (one use case per row takes minutes on a loaded machine); the use case
		// itself records the first two and the refusals below.
		await handle.db
			.insertInto('contact_consent')
			.values(
				contacts.slice(2, RECIPIENTS + 10).map((c, i) => ({
					contact_id: c.id,
					channel: 'newsletter' as const,
					status: i + 2 < RECIPIENTS ? ('accorde' as const) : ('retire' as const),
					base_legale: 'consentement' as const,
					source: 'formulaire du forum ESS 2026'
				}))
			)
			.execute();
		for (const c of contacts.slice(0, 2)) {
			const outcome = await recordConsent(handle.db, WHO, {
				contact_id: c.id,
				channel: 'newsletter',
				status: 'accorde',
				base_legale: 'consentement',
				source: 'formulaire du forum ESS 2026'
			});
			expect(outcome.ok).toBe(true);
		}
		// A second record of person 1 under another structure, the address in capitals: one message.
		await handle.db
			.insertInto('contact')
			.values({
				actor_id: ids.t2,
				nom: 'Personne 1',
				role: 'Présidente',
				email: 'P1@Example.org',
				telephone: null,
				base_legale: 'consentement'
			})
			.execute();
		await handle.db.updateTable('actor').set({ publication_nom: true }).where('id', 'in', [ids.t1, ids.t2]).execute();
		await upsertAccompaniments(handle.db, [
			testAccompaniment({
				actor_id: ids.t1,
				source_id: 'a1',
				stage: 'diagnostic',
				date_accueil: '2026-03-01',
				date_diagnostic: '2026-04-02'
			}),
			testAccompaniment({ actor_id: ids.t3, source_id: 'a3', stage: 'accueil', date_accueil: '2026-05-01' })
		]);
	});
	afterAll(async () => {
		await smtp?.close();
		await handle?.drop();
	});

	it('keeps the members of its filter, checked against an independent SQL query, and tells what changed since last opened', async () => {
		const created = await createSegment(handle.db, WHO, {
			nom: 'Associations du Sud',
			filter: 'zone=sud&famille=association',
			roles: '',
			channel: ''
		});
		if (!created.ok) throw new Error(created.message);
		const segment = (await getSegment(handle.db, created.id))!;
		const { rows } = await sql<{ id: number }>`
			SELECT a.id FROM actor a JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
			WHERE t.zone_code = 'sud' AND a.famille_juridique = 'association' ORDER BY a.id`.execute(handle.db);
		expect(rows.length).toBeGreaterThan(50);
		expect(await segmentMemberIds(handle.db, segment)).toEqual(rows.map((r) => r.id));

		const first = (await openSegment(handle.db, created.id))!;
		expect(first.added).toBeNull();
		await upsertActors(handle.db, [actor(9001, { nom: 'Nouvelle du Sud', commune_code: '57132', famille_juridique: 'association' })]);
		const gone = rows[0].id;
		await handle.db.updateTable('actor').set({ famille_juridique: 'cooperative' }).where('id', '=', gone).execute();
		const second = (await openSegment(handle.db, created.id))!;
		expect(second.added).toEqual([(await actorIdsBySourceId(handle.db)).t9001]);
		expect(second.removed).toEqual([gone]);
		expect((await openSegment(handle.db, created.id))!.added).toEqual([]);
		await handle.db.updateTable('actor').set({ famille_juridique: 'association' }).where('id', '=', gone).execute();
		await handle.db.deleteFrom('actor').where('source_id', '=', 't9001').execute();
	});

	it('reaches the contact persons by role and consent, checked against an independent SQL query', async () => {
		const created = await createSegment(handle.db, WHO, {
			nom: 'Présidences',
			filter: '?zone=sud',
			roles: 'présidente',
			channel: 'newsletter'
		});
		if (!created.ok) throw new Error(created.message);
		const recipients = await segmentRecipients(handle.db, (await getSegment(handle.db, created.id))!);
		const { rows } = await sql<{ email: string }>`
			SELECT DISTINCT lower(c.email) AS email FROM contact c
			JOIN actor a ON a.id = c.actor_id JOIN territory t ON t.level = 'commune' AND t.code = a.commune_code
			JOIN contact_consent k ON k.contact_id = c.id AND k.channel = 'newsletter' AND k.status = 'accorde'
			WHERE t.zone_code = 'sud' AND lower(c.role) LIKE '%présidente%' ORDER BY 1`.execute(handle.db);
		expect(rows.length).toBeGreaterThan(20);
		expect(recipients.map((r) => r.email.toLowerCase()).sort()).toEqual(rows.map((r) => r.email));
	});

	it('renders blocks with MJML, names only the structures that agreed', async () => {
		const resolved = await resolveNewsletter(
			handle.db,
			{ titre: 'Lettre', blocks: [{ type: 'accompagnements', nombre: 5 }] },
			{ expediteur: 'DLA Moselle', figure: noFigure }
		);
		expect(resolved.blocks[0]).toEqual({
			type: 'accompagnements',
			items: [{ nom: 'Structure 1', commune: expect.any(String), etape: expect.any(String), annee: 2026 }]
		});
		const html = await renderNewsletter(resolved, { unsubscribeUrl: 'https://x.test/desinscription/abc', webUrl: null });
		expect(html).toContain('Structure 1');
		expect(html).not.toContain('Structure 3');
		expect(html).toContain('https://x.test/desinscription/abc');
	});

	it(`sends to ${RECIPIENTS} recipients exactly once each, through a stop and a resume, each with a working unsubscribe link`, async () => {
		const segment = await createSegment(handle.db, WHO, { nom: 'Toute la lettre', filter: '', roles: '', channel: 'newsletter' });
		if (!segment.ok) throw new Error(segment.message);
		// One more address the server refuses: a bounce in the log, not a delivery.
		const refused = await handle.db
			.insertInto('contact')
			.values({ actor_id: ids.t3, nom: 'Refus', role: null, email: 'refuse@example.org', telephone: null, base_legale: 'consentement' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordConsent(handle.db, WHO, {
			contact_id: refused.id,
			channel: 'newsletter',
			status: 'accorde',
			base_legale: 'consentement',
			source: 'test'
		});
		const letter = await createNewsletter(handle.db, WHO, {
			titre: 'La lettre du DLA n° 1',
			segment_id: segment.id,
			blocks: [
				{ type: 'texte', titre: 'Édito', texte: 'Bonjour <b>à tous</b>.\n\nDeuxième paragraphe.' },
				{ type: 'accompagnements', nombre: 3 },
				{ type: 'liens', liens: [{ label: 'Le site du DLA', url: 'https://www.example.org/dla' }] }
			]
		});
		if (!letter.ok) throw new Error(letter.message);
		const prepared = await prepareIssue(handle.db, WHO, letter.id, {
			origin: 'https://maillage.test',
			expediteur: 'DLA Moselle',
			figure: noFigure
		});
		if (!prepared.ok) throw new Error(prepared.message);
		expect(prepared.recipients).toBe(RECIPIENTS + 1);

		const controller = new AbortController();
		const transport = smtpTransport(smtp.url);
		const STOP_AFTER = 137;
		const options = { transport, from: 'DLA <dla@example.org>', origin: 'https://maillage.test', ratePerSecond: 0 };
		const first = await runSend(handle.db, letter.id, {
			...options,
			signal: controller.signal,
			onSent: (n) => n === STOP_AFTER && controller.abort()
		});
		expect(first.finished).toBe(false);
		expect(first.sent + first.bounced).toBe(STOP_AFTER);
		expect(smtp.messages.length).toBe(STOP_AFTER - first.bounced);
		// A crash between the claim and the mark: the row is left `en_cours` and not sent again.
		const crashed = await handle.db
			.updateTable('newsletter_delivery')
			.set({ status: 'en_cours', claimed_at: new Date(Date.now() - 3600_000) })
			.where('newsletter_id', '=', letter.id)
			.where('email', '=', `p${RECIPIENTS}@example.org`)
			.returning('id')
			.executeTakeFirstOrThrow();
		const second = await runSend(handle.db, letter.id, options);
		transport.close();
		expect(second.finished).toBe(true);

		const received = smtp.messages.flatMap((m) => m.to);
		const counts = new Map<string, number>();
		for (const to of received) counts.set(to, (counts.get(to) ?? 0) + 1);
		expect([...counts.values()].every((n) => n === 1)).toBe(true);
		expect(counts.size).toBe(RECIPIENTS - 1);
		expect(counts.has('refuse@example.org')).toBe(false);
		expect(counts.has(`p${RECIPIENTS}@example.org`)).toBe(false);
		expect(await deliveryCounts(handle.db, letter.id)).toEqual({ envoye: RECIPIENTS - 1, rebond: 1, incertain: 1 });
		const log = await deliveryLog(handle.db, letter.id);
		expect(log.find((d) => d.email === 'refuse@example.org')?.error).toMatch(/550/);
		expect(log.find((d) => d.id === crashed.id)?.status).toBe('incertain');

		const links = smtp.messages.map((m) => unsubscribeLink(m.raw));
		expect(new Set(links).size).toBe(RECIPIENTS - 1);
		const message = smtp.messages.find((m) => m.to[0] === 'p7@example.org')!;
		const token = unsubscribeLink(message.raw)!.split('/').pop()!;
		expect(message.raw).toContain(token.slice(0, 20));
		expect((await unsubscribe(handle.db, token)).ok).toBe(true);
		expect((await unsubscribe(handle.db, token)).ok).toBe(true);
		expect(await isUnsubscribed(handle.db, 'P7@example.org')).toBe(true);
		expect((await unsubscribe(handle.db, 'inconnu')).ok).toBe(false);
		// For good: the team cannot grant it again.
		const p7 = await handle.db.selectFrom('contact').select('id').where('email', '=', 'p7@example.org').executeTakeFirstOrThrow();
		const regrant = await recordConsent(handle.db, WHO, {
			contact_id: p7.id,
			channel: 'newsletter',
			status: 'accorde',
			base_legale: 'consentement',
			source: 'test'
		});
		expect(regrant.ok).toBe(false);

		// The web version: the issue as sent, no recipient data.
		const key = (await handle.db.selectFrom('newsletter').select('web_key').where('id', '=', letter.id).executeTakeFirstOrThrow()).web_key;
		const web = (await renderSentIssue(handle.db, { key }))!;
		expect(web.html).toContain('Édito');
		expect(web.html).toContain('Bonjour &lt;b&gt;à tous&lt;/b&gt;.');
		expect(web.html).not.toMatch(/[\w.+-]+@[\w-]+\.\w+|desinscription|Personne/i);

		// The next issue: the unsubscribed address gets nothing.
		const next = await createNewsletter(handle.db, WHO, {
			titre: 'n° 2',
			segment_id: segment.id,
			blocks: [{ type: 'texte', titre: '', texte: 'Suite' }]
		});
		if (!next.ok) throw new Error(next.message);
		expect((await prepareIssue(handle.db, WHO, next.id, { origin: 'https://maillage.test', expediteur: 'DLA', figure: noFigure })).ok).toBe(
			true
		);
		const before = smtp.messages.length;
		const nextTransport = smtpTransport(smtp.url);
		await runSend(handle.db, next.id, { ...options, transport: nextTransport });
		nextTransport.close();
		const nextTo = smtp.messages.slice(before).flatMap((m) => m.to);
		expect(nextTo).not.toContain('p7@example.org');
		expect(nextTo).toContain('p8@example.org');
	}, 180_000);

	it('exports and erases a person with their consents and delivery log', async () => {
		const data = await exportPerson(handle.db, { email: 'p8@example.org' });
		expect(data.consents).toEqual([expect.objectContaining({ channel: 'newsletter', status: 'accorde' })]);
		expect(data.deliveries.length).toBe(2);
		expect(await erasePerson(handle.db, { email: 'p8@example.org' })).toBe(1);
		const { rows } = await sql<{
			n: number;
		}>`SELECT count(*)::int AS n FROM newsletter_delivery WHERE lower(email) = 'p8@example.org'`.execute(handle.db);
		expect(rows[0].n).toBe(0);
	});
});
