import { redirect } from '@sveltejs/kit';
import { clearSessionCookie, SESSION_COOKIE } from '$lib/server/auth/cookies';
import { getDatabase } from '$lib/server/db';
import { revokeSession } from '$lib/server/queries/users';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ cookies }) => {
	const token = cookies.get(SESSION_COOKIE);
	if (token) {
		const { db } = await getDatabase();
		await revokeSession(db, token);
	}
	clearSessionCookie(cookies);
	redirect(303, '/login');
};
