// The data version: a counter bumped by every write to the data behind computed figures (a trigger
// per table, migration 0008). Caches (gaps, facets, portraits, indicators, tiles, shared PDFs) and
// HTTP ETags are keyed by it, so a change anywhere is never hidden by a stale copy.
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

export async function dataVersion(db: Kysely<Database>): Promise<number> {
	const row = await db.selectFrom('data_version').select('version').executeTakeFirstOrThrow();
	return Number(row.version);
}

/**
 * A cache of computed results that forgets everything when the data version moves. Bounded: the
 * oldest entries go first once `max` is reached. Concurrent requests for the same key share one
 * computation.
 */
export class DataVersionCache<T> {
	#version = -1;
	#entries = new Map<string, Promise<T>>();
	constructor(private readonly max = 200) {}

	async get(db: Kysely<Database>, key: string, compute: () => Promise<T>): Promise<T> {
		return this.at(await dataVersion(db), key, compute);
	}

	/**
	 * The entry at a data version the caller has already read (the one of its response's ETag,
	 * withDataEtag), so that one request reads it once. A version older than the cache's (read
	 * before another request saw a write) is computed and not kept.
	 */
	at(version: number, key: string, compute: () => Promise<T>): Promise<T> {
		if (version < this.#version) return compute();
		if (version > this.#version) {
			this.#entries.clear();
			this.#version = version;
		}
		let entry = this.#entries.get(key);
		if (!entry) {
			entry = compute();
			entry.catch(() => this.#entries.delete(key));
			this.#entries.set(key, entry);
			if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
		}
		return entry;
	}
}
