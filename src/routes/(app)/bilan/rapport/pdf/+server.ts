import { error } from '@sveltejs/kit';
import { todayIn } from '$lib/domain/parcours/calendar';
import { firstIssue, issueText } from '$lib/schemas/issues';
import { parseReportYear } from '$lib/schemas/report';
import { SESSION_COOKIE } from '$lib/server/auth/cookies';
import { jsonError } from '$lib/server/http/errors';
import { busyResponse, CHROMIUM_MISSING, chromiumPath, internalOrigin, PdfBusyError, pdfRenderer } from '$lib/server/pdf';
import type { RequestHandler } from './$types';

/** GET /bilan/rapport/pdf?annee=YYYY → the printable report as an A4 PDF, by the portraits' path (503 without Chromium). */
export const GET: RequestHandler = async ({ url, cookies }) => {
	const year = parseReportYear(url.searchParams, todayIn());
	if (!year.success) return jsonError(400, issueText(firstIssue(year.error, { field: 'annee' })), 'annee');
	const executable = chromiumPath();
	if (!executable) return jsonError(503, CHROMIUM_MISSING);
	const target = new URL('/bilan/rapport', internalOrigin(url));
	target.searchParams.set('annee', String(year.data));
	target.searchParams.set('mode', 'impression');
	const session = cookies.get(SESSION_COOKIE);
	try {
		const pdf = await pdfRenderer().render(executable, target.href, session ? { name: SESSION_COOKIE, value: session } : undefined);
		return new Response(new Uint8Array(pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': `attachment; filename="rapport-activite-dla-${year.data}.pdf"`
			}
		});
	} catch (e) {
		if (e instanceof PdfBusyError) return busyResponse(e);
		console.error(`[maillage] PDF du rapport d’activité ${year.data}`, e);
		error(500, 'La génération du PDF a échoué : voir le journal du serveur');
	}
};
