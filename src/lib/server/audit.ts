// The audit log: who created, changed or deleted what, and when (with before/after values).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db/schema';

export interface AuditActor {
	id: number;
	email: string;
}

export async function recordAudit(
	db: Kysely<Database> | Transaction<Database>,
	who: AuditActor | null,
	entry: { action: string; entity: string; entityId?: string | number | null; before?: unknown; after?: unknown }
): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			user_id: who && who.id > 0 ? who.id : null,
			user_email: who?.email ?? null,
			action: entry.action,
			entity: entry.entity,
			entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
			before: entry.before === undefined ? null : JSON.stringify(entry.before),
			after: entry.after === undefined ? null : JSON.stringify(entry.after)
		})
		.execute();
}
