import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { readConfig } from '$lib/server/config';
import { MULTIPART_MARGIN_BYTES } from '$lib/server/http/upload-limit.js';
import { discardJob, getJob, hasUpload, saveUpload, startImport, uploadPath, UPLOAD_MAX_BYTES } from '$lib/server/import-jobs';
import {
	columnMappingSchema,
	IMPORT_FORMATS,
	ImportFileError,
	inspectImportFile,
	MAPPABLE_FIELD_LABELS,
	MAPPABLE_FIELDS,
	type ImportFormat
} from '$lib/server/imports/index';
import type { Actions } from './$types';

const runSchema = z.object({
	token: z.string().min(20).max(60),
	format: z.enum(IMPORT_FORMATS),
	dryRun: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
	mapping: z.string().optional()
});

const TOO_LARGE = `Fichier trop volumineux : ${Math.round(UPLOAD_MAX_BYTES / 1024 / 1024)} Mo au plus (MAILLAGE_UPLOAD_MAX_MO)`;

/**
 * 413 with the limit. A client may send the whole file before it reads any answer (a connection
 * closed under it shows as a network error, not our message): the rest of the body is read and
 * dropped, up to the server's ceiling (BODY_SIZE_LIMIT); past it, adapter-node has stopped the body
 * and the answer goes out as it is, the connection left open as before (closing it made Node's
 * fetch fail with EPIPE instead of reading the answer).
 */
async function refuse(request: Request) {
	try {
		const reader = request.body && !request.bodyUsed ? request.body.getReader() : null;
		while (reader && !(await reader.read()).done);
	} catch {
		// Past the ceiling: nothing more to read.
	}
	return fail(413, { message: TOO_LARGE });
}

export const load = () => ({
	maxMo: Math.round(UPLOAD_MAX_BYTES / 1024 / 1024),
	fields: MAPPABLE_FIELDS.map((f) => ({ field: f, label: MAPPABLE_FIELD_LABELS[f] }))
});

export const actions: Actions = {
	/** Step 1: keep the upload, recognise the format, propose a column mapping, show the first rows. */
	inspect: async ({ request, locals }) => {
		const length = Number(request.headers.get('content-length') ?? 0);
		if (length > UPLOAD_MAX_BYTES + MULTIPART_MARGIN_BYTES) return refuse(request);
		let form: FormData;
		try {
			form = await request.formData();
		} catch (error) {
			// The body went past the server's ceiling while it was read (a body sent without its
			// length): adapter-node stops reading it with a 413.
			if ((error as { status?: number }).status === 413) return refuse(request);
			throw error;
		}
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: 'Choisissez un fichier non vide (CSV, XLSX ou GeoJSON)' });
		if (file.size > UPLOAD_MAX_BYTES) return fail(413, { message: TOO_LARGE });
		const job = await saveUpload(file, locals.user!.id);
		try {
			const inspection = await inspectImportFile(uploadPath(job.token), { fileName: job.fileName, sampleSize: 5 });
			return { step: 'preview' as const, token: job.token, fileName: job.fileName, ...inspection };
		} catch (error) {
			// Unreadable: nothing more will be done with it.
			await discardJob(job.token);
			if (error instanceof ImportFileError) return fail(400, { message: `${job.fileName} : ${error.message}` });
			throw error;
		}
	},
	/** Step 2: run it, as a dry run or for real, in the background. */
	run: async ({ request, locals }) => {
		const parsed = runSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success)
			return fail(400, {
				message: `Paramètres d’import invalides : ${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}`
			});
		const job = getJob(parsed.data.token, locals.user!.id);
		if (!job || !hasUpload(job)) return fail(404, { message: 'Fichier inconnu, déjà importé ou expiré : déposez-le à nouveau' });
		if (job.state === 'en cours') return fail(409, { message: 'Ce fichier est déjà en cours d’import' });
		let mapping;
		if (parsed.data.mapping) {
			const m = columnMappingSchema.safeParse(JSON.parse(parsed.data.mapping));
			if (!m.success) return fail(400, { message: `Correspondance des colonnes invalide : ${m.error.issues[0].message}` });
			mapping = m.data;
		}
		startImport(job, {
			format: parsed.data.format as ImportFormat,
			mapping,
			dryRun: parsed.data.dryRun,
			departement: readConfig().departement,
			who: locals.user!
		});
		return { step: 'running' as const, token: job.token, fileName: job.fileName, dryRun: parsed.data.dryRun };
	}
};
