import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { readConfig } from '$lib/server/config';
import { getJob, saveUpload, startImport, uploadPath, UPLOAD_MAX_BYTES } from '$lib/server/import-jobs';
import { columnMappingSchema, IMPORT_FORMATS, ImportFileError, inspectImportFile, MAPPABLE_FIELD_LABELS, MAPPABLE_FIELDS, type ImportFormat } from '$lib/server/imports/index';
import type { Actions } from './$types';

const runSchema = z.object({
	token: z.string().min(20).max(60),
	format: z.enum(IMPORT_FORMATS),
	dryRun: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
	mapping: z.string().optional()
});

export const load = () => ({ maxMo: Math.round(UPLOAD_MAX_BYTES / 1024 / 1024), fields: MAPPABLE_FIELDS.map((f) => ({ field: f, label: MAPPABLE_FIELD_LABELS[f] })) });

export const actions: Actions = {
	/** Step 1: keep the upload, recognise the format, propose a column mapping, show the first rows. */
	inspect: async ({ request, locals }) => {
		const length = Number(request.headers.get('content-length') ?? 0);
		if (length > UPLOAD_MAX_BYTES) return fail(413, { message: `Fichier trop volumineux : ${Math.round(UPLOAD_MAX_BYTES / 1024 / 1024)} Mo au plus` });
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: 'Choisissez un fichier non vide (CSV, XLSX ou GeoJSON)' });
		if (file.size > UPLOAD_MAX_BYTES) return fail(413, { message: `Fichier trop volumineux : ${Math.round(UPLOAD_MAX_BYTES / 1024 / 1024)} Mo au plus` });
		const job = await saveUpload(file, locals.user!.id);
		try {
			const inspection = await inspectImportFile(uploadPath(job.token), { fileName: job.fileName, sampleSize: 5 });
			return { step: 'preview' as const, token: job.token, fileName: job.fileName, ...inspection };
		} catch (error) {
			if (error instanceof ImportFileError) return fail(400, { message: `${job.fileName} : ${error.message}` });
			throw error;
		}
	},
	/** Step 2: run it, as a dry run or for real, in the background. */
	run: async ({ request, locals }) => {
		const parsed = runSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { message: `Paramètres d’import invalides : ${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}` });
		const job = getJob(parsed.data.token, locals.user!.id);
		if (!job) return fail(404, { message: 'Fichier inconnu ou expiré : déposez-le à nouveau' });
		let mapping;
		if (parsed.data.mapping) {
			const m = columnMappingSchema.safeParse(JSON.parse(parsed.data.mapping));
			if (!m.success) return fail(400, { message: `Correspondance des colonnes invalide : ${m.error.issues[0].message}` });
			mapping = m.data;
		}
		startImport(job, { format: parsed.data.format as ImportFormat, mapping, dryRun: parsed.data.dryRun, departement: readConfig().departement, who: locals.user! });
		return { step: 'running' as const, token: job.token, fileName: job.fileName, dryRun: parsed.data.dryRun };
	}
};
