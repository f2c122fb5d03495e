import { todayIn } from '$lib/domain/parcours/calendar';
import { firstIssue, issueText } from '$lib/schemas/issues';
import { parseReportYear } from '$lib/schemas/report';
import { SESSION_COOKIE } from '$lib/server/auth/cookies';
import { jsonError } from '$lib/server/http/errors';
import { internalOrigin, signedInPagePdf } from '$lib/server/pdf';
import type { RequestHandler } from './$types';

/** GET /bilan/rapport/pdf?annee=YYYY → the printable report as an A4 PDF, by the portraits' path (503 without Chromium). */
export const GET: RequestHandler = async ({ url, cookies }) => {
	const year = parseReportYear(url.searchParams, todayIn());
	if (!year.success) return jsonError(400, issueText(firstIssue(year.error, { field: 'annee' })), 'annee');
	const target = new URL('/bilan/rapport', internalOrigin(url));
	target.searchParams.set('annee', String(year.data));
	target.searchParams.set('mode', 'impression');
	return signedInPagePdf(
		target,
		cookies.get(SESSION_COOKIE),
		`rapport-activite-dla-${year.data}.pdf`,
		`du rapport d’activité ${year.data}`
	);
};
