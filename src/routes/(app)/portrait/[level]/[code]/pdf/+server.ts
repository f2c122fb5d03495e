import { territoryLevelSchema } from '$lib/domain/territory/levels';
import { parsePeriod } from '$lib/domain/portrait/period';
import { SESSION_COOKIE } from '$lib/server/auth/cookies';
import { jsonError } from '$lib/server/http/errors';
import { internalOrigin, signedInPagePdf } from '$lib/server/pdf';
import { getDatabase } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** GET /portrait/{level}/{code}/pdf?de=&a= → the print view as an A4 landscape PDF (503 without Chromium). */
export const GET: RequestHandler = async ({ params, url, cookies }) => {
	const level = territoryLevelSchema.safeParse(params.level);
	if (!level.success) return jsonError(404, `Niveau de territoire inconnu : « ${params.level} »`, 'level');
	const period = parsePeriod(url.searchParams);
	if (!period.ok) return jsonError(400, `Période invalide — ${period.message}`, period.field);
	const { db } = await getDatabase();
	const exists = await db
		.selectFrom('territory')
		.select('nom')
		.where('level', '=', level.data)
		.where('code', '=', params.code)
		.executeTakeFirst();
	if (!exists) return jsonError(404, `Aucun territoire de niveau ${level.data} avec le code ${params.code}`, 'code');
	const target = new URL(`/portrait/${level.data}/${encodeURIComponent(params.code)}`, internalOrigin(url));
	target.searchParams.set('de', String(period.period.from));
	target.searchParams.set('a', String(period.period.to));
	target.searchParams.set('mode', 'impression');
	const file = `portrait-${level.data}-${params.code}-${period.period.from}-${period.period.to}.pdf`;
	return signedInPagePdf(target, cookies.get(SESSION_COOKIE), file, `du portrait ${level.data} ${params.code}`);
};
