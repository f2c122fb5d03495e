// Promotion through the built server, on each backend: RFC 8058's one-click unsubscribe (a POST
// from the mail provider, no Origin and no cookie, honoured at once) while every other cross-site
// form post stays refused; /public and /embed labelled with an ETag (304 while nothing changed, no
// X-Frame-Options on the 304 of the framable page), and the confirmed events to come on /public.
import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomToken, sha256 } from '../../src/lib/server/auth/crypto';
import { todayIn } from '../../src/lib/domain/parcours/calendar';
import { BACKENDS } from '../helpers/backends';
import { login, postForm, startServer, type RunningServer } from '../helpers/server';

const shiftDays = (days: number) => {
	const d = new Date(`${todayIn()}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
};

/** A raw HTTP POST: exactly these headers, none added (no Origin, no cookie, no Sec-Fetch-*). */
function rawPost(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{ method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
			}
		);
		request.on('error', reject);
		request.end(body);
	});
}

describe.each(BACKENDS)('promotion over HTTP on %s', (backend) => {
	let server: RunningServer;
	let admin: string;
	const token = randomToken();
	let actorId: number;

	beforeAll(async () => {
		server = await startServer(backend);
		await server.withDatabase(async (db) => {
			const actor = await db
				.selectFrom('actor')
				.select(['id', 'geom'])
				.where('kind', '=', 'structure_ess')
				.orderBy('id')
				.limit(1)
				.executeTakeFirstOrThrow();
			actorId = actor.id;
			const contact = await db
				.insertInto('contact')
				.values({
					actor_id: actorId,
					nom: 'Lectrice Unclic',
					role: null,
					email: 'un-clic@example.org',
					telephone: null,
					base_legale: 'consentement'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await db
				.insertInto('contact_consent')
				.values({ contact_id: contact.id, channel: 'newsletter', status: 'accorde', base_legale: 'consentement', source: 'test' })
				.execute();
			const letter = await db
				.insertInto('newsletter')
				.values({ titre: 'Lettre envoyée', web_key: randomToken(), status: 'envoye', html: '<p>x</p>', mail_html: '<p>x</p>' })
				.returning('id')
				.executeTakeFirstOrThrow();
			await db
				.insertInto('newsletter_delivery')
				.values({ newsletter_id: letter.id, email: 'un-clic@example.org', status: 'envoye', unsubscribe_hash: sha256(token) })
				.execute();
			const event = (titre: string, date: string, status: string) => ({
				titre,
				kind: 'atelier_thematique',
				date,
				heure_debut: '14:00',
				status,
				lieu_actor_id: actorId,
				geom: sql<string>`(SELECT geom FROM actor WHERE id = ${actorId})`
			});
			await db
				.insertInto('rencontre')
				.values([
					event('Atelier public confirmé', shiftDays(12), 'confirme'),
					event('Atelier encore en projet', shiftDays(15), 'projet'),
					event('Atelier confirmé passé', shiftDays(-4), 'confirme')
				] as never)
				.execute();
		});
		admin = await login(server);
	}, 600_000);
	afterAll(async () => server?.stop());

	it('unsubscribes at once on the one-click POST of a mail provider (no Origin, no cookie)', async () => {
		const link = `${server.url}/desinscription/${token}`;
		const response = await rawPost(link, 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' });
		expect(response.status).toBe(200);
		const actor = await (await fetch(`${server.url}/api/actors/${actorId}`, { headers: { cookie: admin } })).json();
		const person = actor.contacts.find((c: { email: string }) => c.email === 'un-clic@example.org');
		expect(person.consents).toEqual({ newsletter: 'retire' });
		// Again, or from a provider that sends its own origin: still fine. An unknown token: 404.
		expect(
			(
				await rawPost(link, 'List-Unsubscribe=One-Click', {
					'content-type': 'application/x-www-form-urlencoded',
					origin: 'https://mail.example'
				})
			).status
		).toBe(200);
		expect(
			(
				await rawPost(`${server.url}/desinscription/${randomToken()}`, 'List-Unsubscribe=One-Click', {
					'content-type': 'application/x-www-form-urlencoded'
				})
			).status
		).toBe(404);
	});

	it('keeps refusing cross-site form posts everywhere else', async () => {
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		const login = await rawPost(`${server.url}/login`, 'email=a%40b.c&password=x', { ...form, origin: 'https://evil.example' });
		expect(login).toEqual({ status: 403, body: 'Cross-site POST form submissions are forbidden' });
		// Signed in but without Origin (a forged form): refused before the action runs.
		const forged = await rawPost(`${server.url}/temoignages?/accord`, `actor_id=${actorId}&accord=oui&source=forge`, {
			...form,
			cookie: admin
		});
		expect(forged.status).toBe(403);
		// The same post from the app's own page goes through.
		expect(
			(await postForm(server, '/temoignages?/accord', admin, { actor_id: String(actorId), accord: 'non', source: 'test' })).status
		).toBe(200);
	});

	it.each(['/public', '/embed'])(
		'labels %s with an ETag, answers 304 until the data changes, and shows the confirmed events to come',
		async (path) => {
			const first = await fetch(`${server.url}${path}`);
			expect(first.status).toBe(200);
			const etag = first.headers.get('etag')!;
			expect(etag).toMatch(/^W\/"\d+-/);
			expect(first.headers.get('cache-control')).toMatch(/^public, max-age=300/);
			const html = await first.text();
			expect(html).toContain('Atelier public confirmé');
			expect(html).not.toContain('Atelier encore en projet');
			expect(html).not.toContain('Atelier confirmé passé');
			expect(html).not.toContain('Lectrice Unclic');

			const again = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag } });
			expect(again.status).toBe(304);
			expect(again.headers.get('etag')).toBe(etag);
			// The kept page keeps its own CSP (its nonce) and framing rule: neither is sent again.
			expect(again.headers.get('content-security-policy')).toBeNull();
			expect(again.headers.get('x-frame-options')).toBeNull();

			// A write (a consent recorded) changes the version: the page is sent again.
			expect(
				(await postForm(server, '/temoignages?/accord', admin, { actor_id: String(actorId), accord: 'oui', source: `test ${path}` })).status
			).toBe(200);
			const changed = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag } });
			expect(changed.status).toBe(200);
			expect(changed.headers.get('etag')).not.toBe(etag);
		}
	);
});
