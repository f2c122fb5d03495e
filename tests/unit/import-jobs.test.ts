// Uploads nobody imports: deleted after ABANDON_MS (the periodic sweep the server runs), with the
// job itself; an upload still in use is kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-jobs-'));
process.env.TMPDIR = tmp;
const { ABANDON_MS, getJob, saveUpload, sweepAbandoned, uploadPath } = await import('../../src/lib/server/import-jobs');

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('abandoned uploads', () => {
	it('deletes an upload left unused for ABANDON_MS, keeps one used since', async () => {
		const left = await saveUpload(new File(['nom;siret\nPersonne;1\n'], 'contacts.csv'), 7);
		const used = await saveUpload(new File(['nom\nAutre\n'], 'autre.csv'), 7);
		expect(uploadPath(left.token).startsWith(tmp)).toBe(true);
		expect(fs.statSync(uploadPath(left.token)).mode & 0o777).toBe(0o600);
		const later = Date.now() + ABANDON_MS + 1000;
		used.touched = later - 1000;
		expect(await sweepAbandoned(later)).toBe(1);
		expect(fs.existsSync(path.dirname(uploadPath(left.token)))).toBe(false);
		expect(getJob(left.token, 7)).toBeNull();
		expect(fs.existsSync(uploadPath(used.token))).toBe(true);
		expect(getJob(used.token, 7)).not.toBeNull();
	});
});
