import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { testimonialPhoto } from '$lib/server/queries/testimonials';
import { idSchema } from '$lib/schemas/id';
import type { RequestHandler } from './$types';

// A published testimonial's photo: only while it is accepted, for the website, with the person's
// consent to be named; short-lived in caches so that a withdrawal is followed within minutes.
export const GET: RequestHandler = async ({ params }) => {
	const id = idSchema('témoignage').safeParse(params.id);
	if (!id.success) error(404, 'Photo introuvable');
	const { db } = await getDatabase();
	const photo = await testimonialPhoto(db, id.data, 'site');
	if (!photo) error(404, 'Photo introuvable');
	return new Response(new Uint8Array(photo), { headers: { 'content-type': 'image/jpeg', 'cache-control': 'public, max-age=300' } });
};
