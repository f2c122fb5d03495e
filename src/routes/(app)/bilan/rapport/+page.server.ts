import { chromiumPath } from '$lib/server/pdf';
import { reportOfRequest } from '$lib/server/report-load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => ({
	report: await reportOfRequest(url),
	pdfAvailable: chromiumPath() !== null
});
