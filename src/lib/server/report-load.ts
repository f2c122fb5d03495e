// The annual report of the year asked for in a request (`?annee=`): shared by the printable page,
// its XLSX and its PDF, so that the three say the same figures.
import { error } from '@sveltejs/kit';
import { todayIn } from '../domain/parcours/calendar';
import { firstIssue, issueText } from '../schemas/issues';
import { parseReportYear } from '../schemas/report';
import { readConfig } from './config';
import { getDatabase } from './db';
import { annualReport, type AnnualReport } from './queries/report';

export async function reportOfRequest(url: URL): Promise<AnnualReport> {
	const today = todayIn();
	const year = parseReportYear(url.searchParams, today);
	if (!year.success) error(400, `Rapport d’activité : ${issueText(firstIssue(year.error, { field: 'annee' }))}`);
	const config = readConfig();
	const { db } = await getDatabase();
	return annualReport(db, { departement: config.departement, dataDir: config.dataDir, year: year.data, today });
}
