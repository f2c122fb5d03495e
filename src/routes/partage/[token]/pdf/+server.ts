import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { jsonError } from '$lib/server/http/errors';
import { busyResponse, CHROMIUM_MISSING, chromiumPath, internalOrigin, PdfBusyError, pdfRenderer, sharePdf } from '$lib/server/pdf';
import { resolveShare } from '$lib/server/queries/portrait-shares';
import type { RequestHandler } from './$types';

/**
 * GET /partage/{token}/pdf → the shared portrait as an A4 landscape PDF; the token is checked first
 * (a revoked link stops at once). Public, so the PDF is kept until the data changes: asking again
 * costs nothing, and the shared Chromium's queue (pdf.ts) bounds the rest.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const { db } = await getDatabase();
	const resolved = await resolveShare(db, params.token);
	if (resolved.status === 'unknown') return jsonError(404, 'Ce lien de partage n’existe pas.');
	if (resolved.status !== 'valid')
		return jsonError(410, resolved.status === 'revoked' ? 'Ce lien de partage a été révoqué.' : 'Ce lien de partage a expiré.');
	const executable = chromiumPath();
	if (!executable) return jsonError(503, CHROMIUM_MISSING);
	const target = new URL(`/partage/${encodeURIComponent(params.token)}`, internalOrigin(url));
	target.searchParams.set('mode', 'impression');
	try {
		const { pdf, cached } = await sharePdf(db, resolved.share.id, () => pdfRenderer().render(executable, target.href));
		const { level, code } = resolved.share;
		return new Response(new Uint8Array(pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="portrait-${level}-${code}.pdf"`,
				'cache-control': 'private, no-store',
				'x-maillage-pdf': cached ? 'cache' : 'rendu'
			}
		});
	} catch (e) {
		if (e instanceof PdfBusyError) return busyResponse(e);
		console.error('[maillage] PDF d’un portrait partagé', e);
		error(500, 'La génération du PDF a échoué');
	}
};
