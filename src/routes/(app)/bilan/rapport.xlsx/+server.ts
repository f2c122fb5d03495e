import { reportToXlsx } from '$lib/server/exports/report';
import { reportOfRequest } from '$lib/server/report-load';
import type { RequestHandler } from './$types';

/** GET /bilan/rapport.xlsx?annee=YYYY → the annual activity report, one sheet per table. */
export const GET: RequestHandler = async ({ url }) => {
	const report = await reportOfRequest(url);
	return new Response(new Uint8Array(await reportToXlsx(report)), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="rapport-activite-dla-${report.year}.xlsx"`,
			'cache-control': 'private, no-store'
		}
	});
};
