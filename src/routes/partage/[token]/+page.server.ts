import { error } from '@sveltejs/kit';
import { formatDate } from '$lib/domain/format';
import { getDatabase } from '$lib/server/db';
import { loadPortraitView } from '$lib/server/portrait-view';
import { resolveShare } from '$lib/server/queries/portrait-shares';
import { chromiumPath } from '$lib/server/pdf';
import type { PageServerLoad } from './$types';

// A shared portrait: public, read-only, no session needed. The token is the only key; the page
// carries the portrait's public figures and nothing about the team (no user, no contact).
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const { db } = await getDatabase();
	const resolved = await resolveShare(db, params.token);
	if (resolved.status === 'unknown') error(404, 'Ce lien de partage n’existe pas.');
	if (resolved.status === 'revoked') error(410, 'Ce lien de partage a été révoqué. Demandez un nouveau lien au DLA.');
	if (resolved.status === 'expired') error(410, 'Ce lien de partage a expiré. Demandez un nouveau lien au DLA.');
	const { share } = resolved;
	const portrait = await loadPortraitView(share.level, share.code, { from: share.from, to: share.to });
	if (!portrait) error(404, 'Le territoire de ce lien n’existe plus.');
	// Not indexed, not cached by a proxy: a revoked link must stop working at once.
	setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex, nofollow' });
	return {
		portrait,
		generated: formatDate(new Date()),
		expires: share.expires_at ? formatDate(share.expires_at) : null,
		pdfAvailable: chromiumPath() !== null
	};
};
