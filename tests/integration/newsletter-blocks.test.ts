// The newsletter's « prochaines rencontres » and « témoignage » blocks, a testimonial withdrawn
// after the issue went out (gone from its web version), two senders started together on one issue
// (each recipient gets one message), and the consent to be named as accompanied with its date,
// source and author — on each backend.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActor } from '../../src/lib/server/audit';
import { resolveNewsletter } from '../../src/lib/server/newsletter/content';
import { prepareIssue, renderSentIssue } from '../../src/lib/server/newsletter/issue';
import { runSend, smtpTransport } from '../../src/lib/server/newsletter/send';
import { upsertAccompaniments } from '../../src/lib/server/queries/accompaniments';
import { actorDetails, upsertActors } from '../../src/lib/server/queries/actors';
import { createNewsletter } from '../../src/lib/server/queries/newsletters';
import { createSegment } from '../../src/lib/server/queries/segments';
import {
	createTestimonialRequest,
	moderateTestimonial,
	setPublicationConsent,
	submitTestimonial
} from '../../src/lib/server/queries/testimonials';
import { todayIn } from '../../src/lib/domain/parcours/calendar';
import { BACKENDS, openTestDatabase } from '../helpers/backends';
import { actorFixture, actorIdsBySourceId, testAccompaniment } from '../helpers/fixtures';
import { messageHeader, startSmtp, unsubscribeLink, type TestSmtp } from '../helpers/smtp';

const WHO: AuditActor = { id: 0, email: 'test@maillage.test' };
const RECIPIENTS = 120;
const noFigure = async () => null;
const context = { origin: 'https://maillage.test', expediteur: 'DLA Moselle', figure: noFigure };
const actor = actorFixture({ commune_code: '57463', famille_juridique: 'association' });

const shiftDays = (days: number) => {
	const d = new Date(`${todayIn()}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
};

describe.each(BACKENDS)('newsletter blocks and senders on %s', (backend) => {
	let handle: Awaited<ReturnType<typeof openTestDatabase>>;
	let smtp: TestSmtp;
	let ids: Record<string, number>;
	let segmentId: number;
	const testimonials: Record<string, number> = {};

	beforeAll(async () => {
		handle = await openTestDatabase(backend);
		await sql`
			INSERT INTO territory (level, code, nom, zone_code, departement_code, codes_postaux, details, label_point)
			VALUES ('commune', '57463', 'Metz', 'nord', '57', '{}', '{}', ST_SetSRID(ST_MakePoint(6.17, 49.12), 4326))`.execute(handle.db);
		smtp = await startSmtp();
		await upsertActors(
			handle.db,
			Array.from({ length: RECIPIENTS }, (_, i) => actor(i + 1, { nom: `Structure ${i + 1}` }))
		);
		ids = await actorIdsBySourceId(handle.db);
		const contacts = await handle.db
			.insertInto('contact')
			.values(
				Array.from({ length: RECIPIENTS }, (_, i) => ({
					actor_id: ids[`t${i + 1}`],
					nom: `Personne ${i + 1}`,
					role: 'Présidente',
					email: `p${i + 1}@example.org`,
					telephone: null,
					base_legale: 'consentement'
				}))
			)
			.returning('id')
			.execute();
		await handle.db
			.insertInto('contact_consent')
			.values(
				contacts.map((c) => ({
					contact_id: c.id,
					channel: 'newsletter' as const,
					status: 'accorde' as const,
					base_legale: 'consentement' as const,
					source: 'test'
				}))
			)
			.execute();
		const segment = await createSegment(handle.db, WHO, { nom: 'Tous', filter: '', roles: '', channel: 'newsletter' });
		if (!segment.ok) throw new Error(segment.message);
		segmentId = segment.id;

		// Events: two to come (planned, confirmed), one past, one cancelled, one held.
		const event = (titre: string, date: string, status: string, kind = 'atelier_thematique') => ({
			titre,
			kind,
			date,
			heure_debut: '14:00',
			status,
			lieu_actor_id: ids.t1,
			geom: sql<string>`ST_SetSRID(ST_MakePoint(6.18, 49.11), 4326)`
		});
		await handle.db
			.insertInto('rencontre')
			.values([
				event('Atelier gouvernance associative', shiftDays(20), 'projet'),
				event('Rencontre territoriale du Pays messin', shiftDays(10), 'confirme', 'rencontre_territoriale'),
				event('Atelier déjà passé', shiftDays(-3), 'confirme'),
				event('Atelier annulé', shiftDays(5), 'annule'),
				event('Atelier tenu', shiftDays(-1), 'tenu')
			] as never)
			.execute();

		// Testimonials of two accompanied structures: one names everyone, one names nobody.
		await upsertAccompaniments(handle.db, [
			testAccompaniment({ actor_id: ids.t1, source_id: 'a1', date_accueil: '2026-01-10' }),
			testAccompaniment({ actor_id: ids.t2, source_id: 'a2', date_accueil: '2026-02-10' })
		]);
		const give = async (key: string, actorId: number, texte: string, names: boolean) => {
			const request = await createTestimonialRequest(handle.db, WHO, actorId);
			if (!request.ok) throw new Error(request.message);
			const submitted = await submitTestimonial(
				handle.db,
				request.token,
				{
					texte,
					personne_nom: `Camille Témoin-${key}`,
					personne_role: 'Directrice',
					consent_site: true,
					consent_newsletter: true,
					consent_portrait: false,
					show_structure: names,
					show_person: names
				},
				null
			);
			if (!submitted.ok) throw new Error(submitted.message);
			expect((await moderateTestimonial(handle.db, WHO, submitted.id, 'accepter')).ok).toBe(true);
			testimonials[key] = submitted.id;
		};
		await give('nomme', ids.t1, 'Le DLA nous a aidés à structurer notre projet.', true);
		await give('anonyme', ids.t2, 'Un accompagnement précieux pour notre gouvernance.', false);
	});
	afterAll(async () => {
		await smtp?.close();
		await handle?.drop();
	});

	it('renders the upcoming events (planned and confirmed, public facts) and a testimonial named as consented', async () => {
		const resolved = await resolveNewsletter(
			handle.db,
			{
				titre: 'Lettre',
				blocks: [
					{ type: 'rencontres', nombre: 5 },
					{ type: 'temoignage', id: testimonials.nomme },
					{ type: 'temoignage', id: testimonials.anonyme }
				]
			},
			{ expediteur: 'DLA', figure: noFigure }
		);
		expect(resolved.blocks[0]).toEqual({
			type: 'rencontres',
			items: [
				{ titre: 'Rencontre territoriale du Pays messin', type: 'Rencontre territoriale', date: shiftDays(10), commune: 'Metz' },
				{ titre: 'Atelier gouvernance associative', type: 'Atelier thématique', date: shiftDays(20), commune: 'Metz' }
			]
		});
		expect(resolved.blocks[1]).toMatchObject({
			type: 'temoignage',
			temoignage: { signature: 'Camille Témoin-nomme, Directrice', structure: 'Structure 1', commune: 'Metz' }
		});
		expect(resolved.blocks[2]).toMatchObject({
			type: 'temoignage',
			temoignage: { signature: 'Directrice', structure: null, commune: null }
		});
	});

	it('drops a withdrawn testimonial from the web version of an issue already sent', async () => {
		const letter = await createNewsletter(handle.db, WHO, {
			titre: 'Lettre avec témoignage',
			segment_id: segmentId,
			blocks: [
				{ type: 'texte', titre: 'Édito', texte: 'Bonjour.' },
				{ type: 'rencontres', nombre: 3 },
				{ type: 'temoignage', id: testimonials.nomme }
			]
		});
		if (!letter.ok) throw new Error(letter.message);
		const prepared = await prepareIssue(handle.db, WHO, letter.id, context);
		if (!prepared.ok) throw new Error(prepared.message);
		const transport = smtpTransport(smtp.url);
		const before = smtp.messages.length;
		const report = await runSend(handle.db, letter.id, {
			transport,
			from: 'DLA <dla@example.org>',
			origin: context.origin,
			ratePerSecond: 0
		});
		transport.close();
		expect(report).toMatchObject({ sent: RECIPIENTS, finished: true });
		const message = smtp.messages.slice(before)[0].raw;
		expect(message).toContain('Camille T=C3=A9moin-nomme');
		const key = (await handle.db.selectFrom('newsletter').select('web_key').where('id', '=', letter.id).executeTakeFirstOrThrow()).web_key;
		const web = (await renderSentIssue(handle.db, { key }))!;
		expect(web.html).toContain('Le DLA nous a aidés à structurer notre projet.');
		expect(web.html).toContain('Rencontre territoriale du Pays messin');
		expect(web.html).not.toMatch(/[\w.+-]+@[\w-]+\.\w+|desinscription/i);

		expect((await moderateTestimonial(handle.db, WHO, testimonials.nomme, 'retirer')).ok).toBe(true);
		const after = (await renderSentIssue(handle.db, { key }))!;
		expect(after.html).not.toContain('structurer notre projet');
		expect(after.html).not.toContain('Témoin-nomme');
		// The rest of the issue stays as it went out.
		expect(after.html).toContain('Rencontre territoriale du Pays messin');
		expect(after.html).toContain('Édito');
		// And a new issue asking for it renders without it.
		const again = await resolveNewsletter(
			handle.db,
			{ titre: 'x', blocks: [{ type: 'temoignage', id: testimonials.nomme }] },
			{ expediteur: 'DLA', figure: noFigure }
		);
		expect(again.blocks).toEqual([]);
	}, 120_000);

	it('runs one sender per issue: two started together send each message once', async () => {
		const letter = await createNewsletter(handle.db, WHO, {
			titre: 'Deux expéditeurs',
			segment_id: segmentId,
			blocks: [{ type: 'texte', titre: '', texte: 'Une fois chacun.' }]
		});
		if (!letter.ok) throw new Error(letter.message);
		expect((await prepareIssue(handle.db, WHO, letter.id, context)).ok).toBe(true);
		const before = smtp.messages.length;
		const transports = [smtpTransport(smtp.url), smtpTransport(smtp.url)];
		const reports = await Promise.all(
			transports.map((transport) =>
				runSend(handle.db, letter.id, { transport, from: 'DLA <dla@example.org>', origin: context.origin, ratePerSecond: 0 })
			)
		);
		transports.forEach((t) => t.close());
		expect(reports.filter((r) => r.busy)).toHaveLength(1);
		expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(RECIPIENTS);
		const to = smtp.messages.slice(before).flatMap((m) => m.to);
		expect(to.length).toBe(RECIPIENTS);
		expect(new Set(to).size).toBe(RECIPIENTS);
		const row = await handle.db
			.selectFrom('newsletter')
			.select(['status', 'sender_run'])
			.where('id', '=', letter.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ status: 'envoye', sender_run: null });
	}, 120_000);

	it('leaves an issue held by a live sender alone, and takes over the lease of a crashed one', async () => {
		const letter = await createNewsletter(handle.db, WHO, {
			titre: 'Reprise',
			segment_id: segmentId,
			blocks: [{ type: 'texte', titre: '', texte: 'Reprise.' }]
		});
		if (!letter.ok) throw new Error(letter.message);
		expect((await prepareIssue(handle.db, WHO, letter.id, context)).ok).toBe(true);
		const options = { from: 'DLA <dla@example.org>', origin: context.origin, ratePerSecond: 0 };
		// Another process holds it and said so a moment ago.
		await handle.db
			.updateTable('newsletter')
			.set({ sender_run: 'autre', sender_seen_at: new Date() })
			.where('id', '=', letter.id)
			.execute();
		const transport = smtpTransport(smtp.url);
		const before = smtp.messages.length;
		expect(await runSend(handle.db, letter.id, { ...options, transport })).toMatchObject({ sent: 0, busy: true });
		expect(smtp.messages.length).toBe(before);
		// That process died: its lease went silent longer than the stale delay.
		await handle.db
			.updateTable('newsletter')
			.set({ sender_seen_at: new Date(Date.now() - 3600_000) })
			.where('id', '=', letter.id)
			.execute();
		expect(await runSend(handle.db, letter.id, { ...options, transport })).toMatchObject({ sent: RECIPIENTS, finished: true });
		transport.close();
		// Every message carries the one-click headers (RFC 8058).
		const raw = smtp.messages.at(-1)!.raw;
		expect(unsubscribeLink(raw)).toMatch(/^https:\/\/maillage\.test\/desinscription\/[\w-]+$/);
		expect(messageHeader(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
	}, 120_000);

	it('records the consent to be named as accompanied with its date, source and author, audited', async () => {
		const userId = (
			await handle.db
				.insertInto('app_user')
				.values({ email: 'chargee@maillage.test', nom: 'Chargée de mission', role: 'charge_mission', password_hash: 'x' })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const who = { id: userId, email: 'chargee@maillage.test' };
		const done = await setPublicationConsent(
			handle.db,
			who,
			ids.t3,
			{ accord: true, source: 'mail du 3 mars' },
			new Date('2026-03-03T09:00:00Z')
		);
		expect(done).toEqual({ ok: true, nom: 'Structure 3' });
		const details = (await actorDetails(handle.db, ids.t3, { withPersonalData: true }))!;
		expect(details).toMatchObject({
			publication_nom: true,
			publication_nom_at: new Date('2026-03-03T09:00:00Z'),
			publication_nom_source: 'mail du 3 mars',
			publication_nom_par: 'Chargée de mission'
		});
		expect((await actorDetails(handle.db, ids.t3, { withPersonalData: false }))!).not.toHaveProperty('publication_nom_par');
		const audit = await handle.db
			.selectFrom('audit_log')
			.selectAll()
			.where('entity', '=', 'actor')
			.where('entity_id', '=', String(ids.t3))
			.execute();
		expect(audit.map((a) => a.after)).toContainEqual(
			expect.objectContaining({ publication_nom: true, publication_nom_source: 'mail du 3 mars' })
		);
		expect((await setPublicationConsent(handle.db, who, 999_999, { accord: true, source: 'x' })).ok).toBe(false);
	});
});
