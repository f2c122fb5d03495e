// Reading the audit log (admins only).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface AuditFilter {
	entity?: string;
	user?: string;
	limit?: number;
}

export function listAudit(db: Kysely<Database>, filter: AuditFilter = {}) {
	return db
		.selectFrom('audit_log')
		.select(['id', 'at', 'user_email', 'action', 'entity', 'entity_id', 'before', 'after'])
		.$if(!!filter.entity, (q) => q.where('entity', '=', filter.entity!))
		.$if(!!filter.user, (q) => q.where('user_email', '=', filter.user!))
		.orderBy('id', 'desc')
		.limit(filter.limit ?? 200)
		.execute();
}
