// Imports started from the web page: the upload is kept in a temporary folder under a random
// token, inspected, then imported in the background while the page polls its progress.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomToken } from './auth/crypto';
import type { AuditActor } from './audit';
import { runImport, type ImportResult } from './importer';
import { RejectionReport, type ColumnMapping, type ImportFormat, type ImportSummary } from './imports/index';
import { getDatabase } from './db/index';

export const UPLOAD_MAX_BYTES = Number(process.env.MAILLAGE_UPLOAD_MAX_MO ?? 50) * 1024 * 1024;
const ROOT = path.join(os.tmpdir(), 'maillage-uploads');
const TOKEN = /^[\w-]{20,60}$/;

export interface ImportJob {
	token: string;
	fileName: string;
	state: 'prêt' | 'en cours' | 'terminé' | 'échec';
	dryRun: boolean;
	summary: ImportSummary | null;
	result: Omit<ImportResult, 'rejections'> & { rejectionCount: number; firstRejections: ImportResult['rejections'] } | null;
	error: string | null;
	ownerId: number;
}

const jobs = new Map<string, ImportJob>();

export function uploadPath(token: string): string {
	if (!TOKEN.test(token)) throw new Error('jeton de fichier invalide');
	return path.join(ROOT, token, 'fichier');
}

export async function saveUpload(file: File, ownerId: number): Promise<ImportJob> {
	const token = randomToken();
	await fs.mkdir(path.join(ROOT, token), { recursive: true });
	await fs.writeFile(uploadPath(token), Buffer.from(await file.arrayBuffer()));
	const job: ImportJob = { token, fileName: path.basename(file.name || 'fichier'), state: 'prêt', dryRun: false, summary: null, result: null, error: null, ownerId };
	jobs.set(token, job);
	return job;
}

export function getJob(token: string, ownerId: number): ImportJob | null {
	const job = jobs.get(token);
	return job && job.ownerId === ownerId ? job : null;
}

/** Starts the import in the background; the page polls getJob(). */
export function startImport(job: ImportJob, options: { format?: ImportFormat; mapping?: ColumnMapping; dryRun: boolean; departement: string; who: AuditActor }): void {
	job.state = 'en cours';
	job.dryRun = options.dryRun;
	job.summary = null;
	job.result = null;
	job.error = null;
	void (async () => {
		try {
			const { db } = await getDatabase();
			const result = await runImport(db, uploadPath(job.token), {
				fileName: job.fileName,
				departement: options.departement,
				format: options.format,
				mapping: options.mapping,
				dryRun: options.dryRun,
				who: options.who,
				onProgress: (summary) => (job.summary = { ...summary })
			});
			const report = new RejectionReport(path.join(path.dirname(uploadPath(job.token)), 'rejets.csv'));
			for (const r of result.rejections) await report.add(r);
			await report.close();
			job.summary = result.summary;
			job.result = { runId: result.runId, format: result.format, summary: result.summary, rejectionCount: result.rejections.length, firstRejections: result.rejections.slice(0, 20) };
			job.state = 'terminé';
		} catch (error) {
			job.error = (error as Error).message;
			job.state = 'échec';
		}
	})();
}

export function rejectionReportPath(token: string): string {
	return path.join(path.dirname(uploadPath(token)), 'rejets.csv');
}
