import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { testimonialPhoto } from '$lib/server/queries/testimonials';
import { idSchema } from '$lib/schemas/id';
import type { RequestHandler } from './$types';

// A testimonial's photo for the team's moderation, whatever its status (signed in, not cached).
export const GET: RequestHandler = async ({ params }) => {
	const id = idSchema('témoignage').safeParse(params.id);
	if (!id.success) error(404, 'Photo introuvable');
	const { db } = await getDatabase();
	const photo = await testimonialPhoto(db, id.data, null);
	if (!photo) error(404, 'Photo introuvable');
	return new Response(new Uint8Array(photo), { headers: { 'content-type': 'image/jpeg', 'cache-control': 'private, no-store' } });
};
