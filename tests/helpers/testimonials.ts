// Testimonials in tests: a photo carrying EXIF, a request link made through the team's page, and
// the public form posted as a browser without JavaScript would.
import sharp from 'sharp';
import { postForm, type RunningServer } from './server';

export async function photoWithExif(width: number, height: number): Promise<Buffer> {
	return sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
		.withExif({ IFD0: { Artist: 'Auteur Secret', Copyright: 'Position 49.1,6.2' } })
		.jpeg()
		.toBuffer();
}

/** The accompanied structures offered by /temoignages, as `[id, label]`. */
export async function requestableStructures(server: RunningServer, cookie: string): Promise<[number, string][]> {
	const html = await (await fetch(`${server.url}/temoignages`, { headers: { cookie } })).text();
	const select = html.slice(html.indexOf('name="actor_id"'), html.indexOf('</select>'));
	return [...select.matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)].map((m) => [Number(m[1]), m[2]]);
}

/** Creates a request link for `actorId` through the team's page and returns its token. */
export async function requestTestimonial(server: RunningServer, cookie: string, actorId: number): Promise<string> {
	const html = await (await postForm(server, '/temoignages?/demander', cookie, { actor_id: String(actorId) })).text();
	const token = /\/temoignage\/([A-Za-z0-9_-]+)/.exec(html)?.[1];
	if (!token) throw new Error(`Pas de lien de témoignage dans la réponse : ${html.slice(0, 300)}`);
	return token;
}

export const ALL_CONSENTS = {
	consent_site: 'on',
	consent_newsletter: 'on',
	consent_portrait: 'on',
	show_structure: 'on',
	show_person: 'on'
};

/** Posts the public form (multipart, no session); the photo as a file with the given name and type. */
export function submitTestimonialForm(
	server: RunningServer,
	token: string,
	fields: Record<string, string>,
	photo?: { bytes: Buffer; name: string; type: string }
): Promise<Response> {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.set(k, v);
	if (photo) form.set('photo', new Blob([new Uint8Array(photo.bytes)], { type: photo.type }), photo.name);
	return fetch(`${server.url}/temoignage/${token}`, { method: 'POST', headers: { origin: server.url, accept: 'text/html' }, body: form });
}
