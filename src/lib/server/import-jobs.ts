// Imports started from the web page: the upload is kept in a temporary folder under a random
// token, inspected, then imported in the background while the page polls its progress.
//
// Uploads hold personal data (contacts, addresses): they live in a folder of this process only
// (0700, files 0600), are deleted as soon as the import is done with them, and nothing outlives
// its use — an upload left after inspection or a dry run goes after ABANDON_MS, and the folders
// of a server that stopped are swept when the next one starts.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomToken } from './auth/crypto';
import type { AuditActor } from './audit';
import { runImport, type ImportResult } from './importer';
import { RejectionReport, type ColumnMapping, type ImportFormat, type ImportSummary } from './imports/index';
import { getDatabase } from './db/index';
import { uploadMaxBytes } from './http/upload-limit.js';

export const UPLOAD_MAX_BYTES = uploadMaxBytes(process.env);
/** An upload nobody imported for this long is deleted (the page asks to upload it again). */
export const ABANDON_MS = 60 * 60 * 1000;
const PREFIX = 'maillage-uploads-';
const TOKEN = /^[\w-]{20,60}$/;
let root: string | null = null;

export interface ImportJob {
	token: string;
	fileName: string;
	state: 'prêt' | 'en cours' | 'terminé' | 'échec';
	dryRun: boolean;
	summary: ImportSummary | null;
	result: (Omit<ImportResult, 'rejections'> & { rejectionCount: number; firstRejections: ImportResult['rejections'] }) | null;
	error: string | null;
	ownerId: number;
	/** Last time the job was used: the abandon sweep counts from here. */
	touched: number;
}

const jobs = new Map<string, ImportJob>();

/** The uploads folder of this process, in the system's temporary folder: `maillage-uploads-<pid>-XXXXXX`, 0700. */
function uploadRoot(): string {
	// mkdtemp creates it 0700 with a name nobody could have prepared in a shared /tmp.
	if (root === null) {
		const created = fsSync.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
		process.once('exit', () => fsSync.rmSync(created, { recursive: true, force: true }));
		root = created;
	}
	return root;
}

export function uploadPath(token: string): string {
	if (!TOKEN.test(token)) throw new Error('jeton de fichier invalide');
	return path.join(uploadRoot(), token, 'fichier');
}

export async function saveUpload(file: File, ownerId: number): Promise<ImportJob> {
	const token = randomToken();
	await fs.mkdir(path.dirname(uploadPath(token)), { mode: 0o700 });
	await fs.writeFile(uploadPath(token), Buffer.from(await file.arrayBuffer()), { mode: 0o600, flag: 'wx' });
	const job: ImportJob = {
		token,
		fileName: path.basename(file.name || 'fichier'),
		state: 'prêt',
		dryRun: false,
		summary: null,
		result: null,
		error: null,
		ownerId,
		touched: Date.now()
	};
	jobs.set(token, job);
	return job;
}

export function getJob(token: string, ownerId: number): ImportJob | null {
	const job = jobs.get(token);
	if (!job || job.ownerId !== ownerId) return null;
	job.touched = Date.now();
	return job;
}

/** Whether the uploaded file is still there (a real import deletes it when it ends). */
export function hasUpload(job: ImportJob): boolean {
	return fsSync.existsSync(uploadPath(job.token));
}

/** Deletes the uploaded file itself; the rejection report beside it stays for download. */
async function removeUpload(token: string): Promise<void> {
	await fs.rm(uploadPath(token), { force: true });
}

/** Forgets a job and deletes everything kept for it. */
export async function discardJob(token: string): Promise<void> {
	jobs.delete(token);
	await fs.rm(path.dirname(uploadPath(token)), { recursive: true, force: true });
}

/** Deletes the jobs not used since `now - ABANDON_MS` (imports still running excepted). */
export async function sweepAbandoned(now = Date.now()): Promise<number> {
	let removed = 0;
	for (const job of [...jobs.values()]) {
		if (job.state !== 'en cours' && now - job.touched > ABANDON_MS) {
			await discardJob(job.token);
			removed++;
		}
	}
	return removed;
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * At start: deletes the upload folders of servers that are no longer running (a crash, a kill)
 * — ours only, other users' folders are not ours to touch — and schedules the abandon sweep.
 */
export async function sweepUploadsAtStart(): Promise<string[]> {
	const removed: string[] = [];
	const uid = process.getuid?.();
	for (const entry of await fs.readdir(os.tmpdir(), { withFileTypes: true })) {
		const match = new RegExp(`^${PREFIX}(\\d+)-`).exec(entry.name);
		if (!match || !entry.isDirectory()) continue;
		const pid = Number(match[1]);
		if (pid === process.pid || isRunning(pid)) continue;
		const folder = path.join(os.tmpdir(), entry.name);
		const stat = await fs.lstat(folder);
		if (uid !== undefined && stat.uid !== uid) continue;
		await fs.rm(folder, { recursive: true, force: true });
		removed.push(folder);
	}
	if (!sweeper) {
		sweeper = setInterval(
			() => void sweepAbandoned().catch((error) => console.error('[maillage] nettoyage des fichiers d’import', error)),
			10 * 60 * 1000
		);
		sweeper.unref();
	}
	return removed;
}
let sweeper: NodeJS.Timeout | null = null;

/** Starts the import in the background; the page polls getJob(). */
export function startImport(
	job: ImportJob,
	options: { format?: ImportFormat; mapping?: ColumnMapping; dryRun: boolean; departement: string; who: AuditActor }
): void {
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
			job.result = {
				runId: result.runId,
				format: result.format,
				summary: result.summary,
				rejectionCount: result.rejections.length,
				firstRejections: result.rejections.slice(0, 20)
			};
			job.state = 'terminé';
		} catch (error) {
			job.error = (error as Error).message;
			job.state = 'échec';
		} finally {
			job.touched = Date.now();
			// A dry run keeps the file for the real import that usually follows; a real import,
			// done or failed, has no more use for it.
			if (!options.dryRun)
				await removeUpload(job.token).catch((error) => console.error('[maillage] suppression du fichier importé', error));
		}
	})();
}

export function rejectionReportPath(token: string): string {
	return path.join(path.dirname(uploadPath(token)), 'rejets.csv');
}
