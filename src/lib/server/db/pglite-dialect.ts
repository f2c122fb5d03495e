// A Kysely dialect for PGlite (embedded PostgreSQL in WebAssembly).
// The published kysely-pglite package pins an older PGlite, so this is our own: PGlite is one
// connection, so the driver hands it out to one user at a time (a transaction holds it until
// commit/rollback) and reuses Kysely's PostgreSQL adapter, compiler and introspector.
import type { PGlite } from '@electric-sql/pglite';
import {
	CompiledQuery,
	PostgresAdapter,
	PostgresIntrospector,
	PostgresQueryCompiler,
	type DatabaseConnection,
	type DatabaseIntrospector,
	type Dialect,
	type DialectAdapter,
	type Driver,
	type Kysely,
	type QueryCompiler,
	type QueryResult,
	type TransactionSettings
} from 'kysely';
import { markedCopy } from './copy';

export class PGliteDialect implements Dialect {
	constructor(private readonly pglite: PGlite) {}
	createAdapter(): DialectAdapter {
		return new PostgresAdapter();
	}
	createDriver(): Driver {
		return new PGliteDriver(this.pglite);
	}
	createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
		return new PostgresIntrospector(db);
	}
	createQueryCompiler(): QueryCompiler {
		return new PostgresQueryCompiler();
	}
}

/** A FIFO lock: PGlite runs one session, so one Kysely connection at a time. */
class ConnectionLock {
	#tail: Promise<void> = Promise.resolve();
	acquire(): Promise<() => void> {
		let release!: () => void;
		const next = new Promise<void>((resolve) => (release = resolve));
		const ready = this.#tail.then(() => release);
		this.#tail = this.#tail.then(() => next);
		return ready;
	}
}

class PGliteDriver implements Driver {
	readonly #lock = new ConnectionLock();
	readonly #releases = new WeakMap<DatabaseConnection, () => void>();
	readonly #connection: PGliteConnection;

	constructor(pglite: PGlite) {
		this.#connection = new PGliteConnection(pglite);
	}
	async init(): Promise<void> {}
	async acquireConnection(): Promise<DatabaseConnection> {
		const release = await this.#lock.acquire();
		// The connection object is shared: key the release by a fresh wrapper per lease.
		const lease = Object.create(this.#connection) as PGliteConnection;
		this.#releases.set(lease, release);
		return lease;
	}
	async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
		let statement = 'begin';
		if (settings.isolationLevel) statement = `start transaction isolation level ${settings.isolationLevel}`;
		if (settings.accessMode) statement += ` ${settings.accessMode}`;
		await connection.executeQuery(CompiledQuery.raw(statement));
	}
	async commitTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('commit'));
	}
	async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('rollback'));
	}
	async releaseConnection(connection: DatabaseConnection): Promise<void> {
		this.#releases.get(connection)?.();
		this.#releases.delete(connection);
	}
	async destroy(): Promise<void> {
		// The PGlite instance belongs to whoever created it (see client.ts), which closes it.
	}
}

class PGliteConnection implements DatabaseConnection {
	constructor(private readonly pglite: PGlite) {}
	async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
		const copy = markedCopy(compiledQuery.sql, compiledQuery.parameters);
		// PGlite reads COPY … FROM a virtual file, '/dev/blob', filled from the Blob given.
		const result = copy
			? await this.pglite.query<R>(copy.statement.replace('FROM STDIN', `FROM '/dev/blob'`), [], { blob: new Blob([copy.data]) })
			: await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
		const affected = result.affectedRows;
		return {
			rows: result.rows,
			numAffectedRows: affected === undefined ? undefined : BigInt(affected)
		};
	}
	// eslint-disable-next-line require-yield
	async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
		throw new Error('Le streaming de requêtes n’est pas disponible sur PGlite');
	}
}
