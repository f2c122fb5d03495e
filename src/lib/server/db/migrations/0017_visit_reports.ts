// Visit reports sent from the field (issue 18): a phone with poor coverage queues its reports and
// sends them when the network returns, so the same report may arrive twice (a response lost on the
// way back) or late (someone else reported the visit meanwhile). Each stop counts the reports
// recorded on it (`visit_version`, read by the field view and sent back: 409 when it moved) and
// keeps the idempotency key of the last one (`visit_key`): a replay of that report is answered with
// what was saved, without writing anything twice.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`
		ALTER TABLE trip_stop
			ADD COLUMN visit_version integer NOT NULL DEFAULT 0,
			ADD COLUMN visit_key text CHECK (length(visit_key) BETWEEN 8 AND 64)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE trip_stop DROP COLUMN visit_key, DROP COLUMN visit_version`.execute(db);
}
