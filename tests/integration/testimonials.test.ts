// Testimonials through the built server, on each backend: a request link made by the team, the
// public form posted without a session (photo resized, EXIF gone; a second use refused with 410; a
// text file posing as a photo refused), moderation, and publication where the consents allow —
// the public page, its map data (ETag, 304) and the département's portrait — until the team
// withdraws it, after which it is gone from all of them at once (photo included).
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/backends';
import { login, postForm, startServer, type RunningServer } from '../helpers/server';
import { ALL_CONSENTS, photoWithExif, requestableStructures, requestTestimonial, submitTestimonialForm } from '../helpers/testimonials';

describe.each(BACKENDS)('testimonials on %s', (backend) => {
	let server: RunningServer;
	let admin: string;
	let structures: [number, string][];

	const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
	const moderate = (id: number, decision: string) => postForm(server, '/temoignages?/moderer', admin, { id: String(id), decision });
	const itemId = async (marker: string) => {
		const html = await (await get('/temoignages', { cookie: admin })).text();
		const at = html.indexOf(marker);
		expect(at).toBeGreaterThan(0);
		return Number([...html.slice(0, at).matchAll(/name="id" value="(\d+)"/g)].at(-1)![1]);
	};

	beforeAll(async () => {
		server = await startServer(backend);
		admin = await login(server);
		structures = await requestableStructures(server, admin);
		expect(structures.length).toBeGreaterThan(2);
	});
	afterAll(async () => server?.stop());

	it('publishes an accepted testimonial where consented, and withdrawal removes it everywhere', async () => {
		const token = await requestTestimonial(server, admin, structures[0][0]);
		expect((await get(`/temoignage/${token}`)).status).toBe(200);
		const marker = `Le DLA nous a aidés ${backend} ${Date.now()}`;
		const fields = { texte: marker, personne_nom: 'Marcelline Témoin-Publique', personne_role: 'Présidente', ...ALL_CONSENTS };
		const sent = await submitTestimonialForm(server, token, fields, {
			bytes: await photoWithExif(2400, 1600),
			name: 'moi.jpg',
			type: 'image/jpeg'
		});
		expect(sent.status).toBe(200);
		expect(await sent.text()).toContain('Merci');
		// One use only: the link is spent.
		expect((await submitTestimonialForm(server, token, fields)).status).toBe(410);
		expect((await get(`/temoignage/${token}`)).status).toBe(410);

		const id = await itemId(marker);
		// Not public before moderation.
		expect(await (await get('/public')).text()).not.toContain(marker);
		expect((await get(`/public/temoignages/${id}/photo.jpg`)).status).toBe(404);
		// The team fixes a typo, then accepts.
		const corrected = `${marker} (corrigé)`;
		const versionHtml = await (await get('/temoignages', { cookie: admin })).text();
		const version = /name="version" value="(\d+)"/.exec(versionHtml.slice(versionHtml.indexOf(`name="id" value="${id}"`)))![1];
		const edit = await postForm(server, '/temoignages?/corriger', admin, {
			id: String(id),
			version,
			texte: corrected,
			personne_nom: 'Marcelline Témoin-Publique',
			personne_role: 'Présidente'
		});
		expect(edit.status).toBe(200);
		expect((await moderate(id, 'accepter')).status).toBe(200);

		const mapBefore = await get('/public/carte.json');
		const etag = mapBefore.headers.get('etag')!;
		expect(mapBefore.headers.get('cache-control')).toMatch(/^public/);
		expect((await get('/public/carte.json', { 'if-none-match': etag })).status).toBe(304);
		const page = await get('/public');
		expect(page.headers.get('cache-control')).toMatch(/^public/);
		const html = await page.text();
		expect(html).toContain(corrected);
		expect(html).toContain('Marcelline Témoin-Publique, Présidente');
		const photo = await get(`/public/temoignages/${id}/photo.jpg`);
		expect(photo.status).toBe(200);
		const meta = await sharp(Buffer.from(await photo.arrayBuffer())).metadata();
		expect([meta.format, Math.max(meta.width!, meta.height!), meta.exif]).toEqual(['jpeg', 800, undefined]);
		const portrait = await (await get('/portrait/departement/57', { cookie: admin })).text();
		expect(portrait).toContain(corrected);

		expect((await moderate(id, 'retirer')).status).toBe(200);
		expect(await (await get('/public')).text()).not.toContain(corrected);
		expect(await (await get('/portrait/departement/57', { cookie: admin })).text()).not.toContain(corrected);
		expect((await get(`/public/temoignages/${id}/photo.jpg`)).status).toBe(404);
		// The map data changed version: the old ETag no longer matches.
		expect((await get('/public/carte.json', { 'if-none-match': etag })).status).toBe(200);
		// A withdrawn testimonial cannot be withdrawn twice.
		expect(await (await moderate(id, 'retirer')).text()).toContain('Impossible de retirer');
	});

	it('shows names and channels only as consented', async () => {
		const token = await requestTestimonial(server, admin, structures[1][0]);
		const marker = `Sans nom ${backend} ${Date.now()}`;
		const sent = await submitTestimonialForm(server, token, {
			texte: marker,
			personne_nom: 'Anonyme Discret-Secret',
			personne_role: 'Trésorier',
			consent_site: 'on'
		});
		expect(sent.status).toBe(200);
		expect((await moderate(await itemId(marker), 'accepter')).status).toBe(200);
		const html = await (await get('/public')).text();
		expect(html).toContain(marker);
		expect(html).toContain('— Trésorier');
		expect(html).not.toContain('Discret-Secret');
		expect(html).not.toContain(structures[1][1].replace(/ \(.*\)$/, ''));
		// No portrait consent: not in the portrait.
		expect(await (await get('/portrait/departement/57', { cookie: admin })).text()).not.toContain(marker);
	});

	it('refuses a file that is not an image, and keeps the link usable', async () => {
		const token = await requestTestimonial(server, admin, structures[2][0]);
		const fields = { texte: 'Avec une fausse photo', personne_nom: 'X', personne_role: 'Y', consent_site: 'on' };
		const refused = await submitTestimonialForm(server, token, fields, {
			bytes: Buffer.from('%PDF-1.4 pas une image'),
			name: 'photo.jpg',
			type: 'image/jpeg'
		});
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('une image JPEG, PNG ou WebP est attendue');
		expect((await get(`/temoignage/${token}`)).status).toBe(200);
	});
});
