// Opens the database: PostgreSQL server through `pg` when a URL is given, otherwise the embedded
// PGlite with PostGIS in a data directory on disk. Same schema, same migrations, same SQL.
import fs from 'node:fs';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationResultSet } from 'kysely';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { markedCopy } from './copy';
import type { Database } from './schema';
import { PGliteDialect } from './pglite-dialect';
import { holdsCluster, pgliteTemplateDir, startFromTemplate } from './pglite-template';
import { migrations } from './migrations/index';

export type Backend = 'pglite' | 'postgresql';

export interface DatabaseHandle {
	db: Kysely<Database>;
	backend: Backend;
	close(): Promise<void>;
}

export interface OpenOptions {
	/** PostgreSQL URL; null for the embedded database. */
	databaseUrl: string | null;
	/** PGlite data directory; `memory://` for a throwaway in-memory database. */
	pgliteDir: string;
	/** Folder of the templates a new PGlite database is copied from (pglite-template.ts); none: created. */
	pgliteTemplate?: string | null;
}

// Same JavaScript values from both backends: bigint and numeric as numbers (counts, sums),
// dates as ISO `YYYY-MM-DD` strings (no time-zone shift on a calendar date).
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const parseNumber = (v: string) => (v === null ? null : Number(v));
const keepText = (v: string) => v;

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
	if (options.databaseUrl) return openServer(options.databaseUrl);
	return openEmbedded(options.pgliteDir, options.pgliteTemplate ?? null);
}

async function openServer(url: string): Promise<DatabaseHandle> {
	const types = {
		getTypeParser: (oid: number, format?: 'text' | 'binary') => {
			if (oid === INT8 || oid === NUMERIC) return parseNumber;
			if (oid === DATE) return keepText;
			return pg.types.getTypeParser(oid, format);
		}
	};
	// JIT compilation costs a third of a second to the analytic queries (gaps, facets) and gains
	// nothing at this scale: off for the app’s connections.
	const pool = new pg.Pool({ connectionString: url, max: 10, types, options: '-c jit=off' });
	// An idle connection the server closes (restart, DROP DATABASE … FORCE, admin kill) is an event
	// on the pool: without a listener it would crash the process. The pool opens a new one next time.
	pool.on('error', (error) => console.error(`[maillage] connexion PostgreSQL inactive fermée : ${error.message}`));
	pool.on('connect', streamMarkedCopies);
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	return { db, backend: 'postgresql', close: () => db.destroy() };
}

/**
 * Lets a client run the marked COPY statements of copy.ts: Kysely hands every statement to
 * `client.query(text, parameters)`; a marked one is streamed with pg-copy-streams instead.
 */
function streamMarkedCopies(client: pg.PoolClient): void {
	const query = client.query.bind(client) as (...args: unknown[]) => unknown;
	(client as { query: unknown }).query = (text: unknown, parameters?: unknown, callback?: unknown) => {
		const copy = typeof text === 'string' && Array.isArray(parameters) ? markedCopy(text, parameters) : null;
		if (!copy) return query(text, parameters, callback);
		const stream = query(copyFrom(copy.statement)) as ReturnType<typeof copyFrom>;
		stream.end(copy.data);
		return finished(stream).then(() => ({ command: 'COPY', rowCount: stream.rowCount, rows: [] }));
	};
}

/** The extensions of the embedded database, created by the migrations (and in the template). */
const EMBEDDED_EXTENSIONS = ['postgis', 'pg_trgm', 'unaccent'] as const;

async function openEmbedded(dir: string, template: string | null): Promise<DatabaseHandle> {
	const [{ PGlite }, { postgis }, { pg_trgm }, { unaccent }] = await Promise.all([
		import('@electric-sql/pglite'),
		import('@electric-sql/pglite-postgis'),
		import('@electric-sql/pglite/contrib/pg_trgm'),
		import('@electric-sql/pglite/contrib/unaccent')
	]);
	const inMemory = dir.startsWith('memory://');
	if (!inMemory && !(template && startFromTemplate(template, dir))) fs.mkdirSync(dir, { recursive: true });
	const pglite = await PGlite.create(inMemory ? undefined : dir, {
		extensions: { postgis, pg_trgm, unaccent },
		parsers: { [INT8]: parseNumber, [NUMERIC]: parseNumber, [DATE]: keepText }
	});
	const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
	return {
		db,
		backend: 'pglite',
		close: async () => {
			await db.destroy();
			await pglite.close();
		}
	};
}

/**
 * Makes the template of new embedded databases under `root` (`npm run build`): a database created
 * with its extensions, closed, then moved into place. Nothing to do when it exists already.
 */
export async function createPgliteTemplate(root: string): Promise<string> {
	const target = pgliteTemplateDir(root);
	if (holdsCluster(target)) return target;
	const work = `${target}.${process.pid}.tmp`;
	fs.rmSync(work, { recursive: true, force: true });
	const handle = await openEmbedded(work, null);
	try {
		for (const name of EMBEDDED_EXTENSIONS) await sql`CREATE EXTENSION IF NOT EXISTS ${sql.id(name)}`.execute(handle.db);
	} finally {
		await handle.close();
	}
	try {
		fs.renameSync(work, target);
	} catch (error) {
		// Made meanwhile by another process (a build and a test run at once): theirs is as good.
		fs.rmSync(work, { recursive: true, force: true });
		if (!holdsCluster(target)) throw error;
	}
	return target;
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResultSet> {
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => migrations }
	});
	const result = await migrator.migrateToLatest();
	if (result.error) {
		const failed = result.results?.find((r) => r.status === 'Error');
		throw new Error(`Migration ${failed?.migrationName ?? '?'} échouée : ${String(result.error)}`, {
			cause: result.error
		});
	}
	return result;
}

export async function currentMigration(db: Kysely<Database>): Promise<string | null> {
	const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
	const list = await migrator.getMigrations();
	const executed = list.filter((m) => m.executedAt);
	return executed.length ? executed[executed.length - 1].name : null;
}
