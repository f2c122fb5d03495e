import { territoryLevelSchema } from '$lib/domain/territory/levels';
import { parsePeriod } from '$lib/domain/portrait/period';
import { formatDate } from '$lib/domain/format';
import { jsonError } from '$lib/server/http/errors';
import { loadPortraitView } from '$lib/server/portrait-view';
import { portraitPptx } from '$lib/server/portrait-pptx';
import type { RequestHandler } from './$types';

const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/**
 * GET /portrait/{level}/{code}/slides.pptx?de=&a=[&interlocuteur=1] → the slides as an editable
 * PowerPoint (native text, tables and charts). `interlocuteur=1` adds the officer's own name and
 * email to « Contacter le DLA », as on the page when they tick the box.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const level = territoryLevelSchema.safeParse(params.level);
	if (!level.success) return jsonError(404, `Niveau de territoire inconnu : « ${params.level} »`, 'level');
	const period = parsePeriod(url.searchParams);
	if (!period.ok) return jsonError(400, `Période invalide — ${period.message}`, period.field);
	const portrait = await loadPortraitView(level.data, params.code, period.period);
	if (!portrait) return jsonError(404, `Aucun territoire de niveau ${level.data} avec le code ${params.code}`, 'code');
	const presenter =
		url.searchParams.get('interlocuteur') === '1' && locals.user ? { nom: locals.user.nom, email: locals.user.email } : null;
	const file = await portraitPptx(portrait, { generated: formatDate(new Date()), presenter });
	const { from, to } = period.period;
	return new Response(new Uint8Array(file), {
		headers: {
			'content-type': PPTX,
			'content-disposition': `attachment; filename="portrait-${level.data}-${params.code}-${from}-${to}.pptx"`,
			'cache-control': 'private, no-store'
		}
	});
};
