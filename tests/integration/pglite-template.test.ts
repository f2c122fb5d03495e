// New embedded databases start from the template `npm run build` makes (db/pglite-template.ts):
// made once per installed PGlite and PostGIS, copied into a database still to be created, never
// over an existing one; without a template, a database is created as before.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteTemplate, migrateToLatest, openDatabase } from '../../src/lib/server/db/client';
import { holdsCluster, pgliteTemplateDir } from '../../src/lib/server/db/pglite-template';
import type { Database } from '../../src/lib/server/db/schema';

const extensions = async (db: Kysely<Database>) =>
	(await sql<{ extname: string }>`SELECT extname FROM pg_extension ORDER BY extname`.execute(db)).rows.map((r) => r.extname);
const migrated = async (db: Kysely<Database>) =>
	(await sql<{ table: string | null }>`SELECT to_regclass('kysely_migration')::text AS table`.execute(db)).rows[0].table !== null;

describe('the template of new PGlite databases', () => {
	let root: string;
	let template: string;

	beforeAll(async () => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-template-'));
		template = await createPgliteTemplate(path.join(root, 'templates'));
	}, 120_000);
	afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

	it('is made once, in a folder named after the installed PGlite and PostGIS', async () => {
		expect(path.basename(template)).toMatch(/^pglite-\d+\.\d+\.\d+-postgis-\d+\.\d+\.\d+$/);
		expect(template).toBe(pgliteTemplateDir(path.join(root, 'templates')));
		expect(holdsCluster(template)).toBe(true);
		const made = fs.statSync(path.join(template, 'PG_VERSION')).mtimeMs;
		expect(await createPgliteTemplate(path.join(root, 'templates'))).toBe(template);
		expect(fs.statSync(path.join(template, 'PG_VERSION')).mtimeMs).toBe(made);
		expect(fs.readdirSync(path.join(root, 'templates'))).toEqual([path.basename(template)]);
	});

	it('starts a new database with the extensions already created, which then migrates and projects', async () => {
		const handle = await openDatabase({
			databaseUrl: null,
			pgliteDir: path.join(root, 'new', 'db'),
			pgliteTemplate: path.join(root, 'templates')
		});
		try {
			expect(await extensions(handle.db)).toEqual(['pg_trgm', 'plpgsql', 'postgis', 'unaccent']);
			expect(await migrated(handle.db)).toBe(false);
			await migrateToLatest(handle.db);
			const { rows } = await sql<{ point: string }>`
				SELECT ST_AsText(ST_SnapToGrid(ST_Transform(ST_SetSRID(ST_MakePoint(930000, 6890000), 2154), 4326), 0.001)) AS point`.execute(handle.db);
			expect(rows[0].point).toMatch(/^POINT\(6\.\d+ 49\.\d+\)$/);
		} finally {
			await handle.close();
		}
	}, 120_000);

	it('never copies over a database that exists', async () => {
		const dir = path.join(root, 'existing');
		const first = await openDatabase({ databaseUrl: null, pgliteDir: dir, pgliteTemplate: path.join(root, 'templates') });
		await sql`CREATE TABLE kept (note text)`.execute(first.db);
		await sql`INSERT INTO kept VALUES ('toujours là')`.execute(first.db);
		await first.close();
		const again = await openDatabase({ databaseUrl: null, pgliteDir: dir, pgliteTemplate: path.join(root, 'templates') });
		try {
			expect((await sql<{ note: string }>`SELECT note FROM kept`.execute(again.db)).rows).toEqual([{ note: 'toujours là' }]);
		} finally {
			await again.close();
		}
	}, 120_000);

	it('creates the database as before when there is no template for the installed versions', async () => {
		const handle = await openDatabase({ databaseUrl: null, pgliteDir: path.join(root, 'plain'), pgliteTemplate: path.join(root, 'none') });
		try {
			expect(await extensions(handle.db)).toEqual(['plpgsql']);
			await migrateToLatest(handle.db);
			expect(await extensions(handle.db)).toEqual(['pg_trgm', 'plpgsql', 'postgis', 'unaccent']);
		} finally {
			await handle.close();
		}
	}, 120_000);
});
