// One entry of the audit log as the journal page shows it: a sentence, and the raw row behind it.
import type { AuditCategory } from '../domain/audit-sentence';

export interface AuditEntryDto {
	id: number;
	/** ISO 8601 instant. */
	at: string;
	/** Who did it, as shown (« Marie D. »), or null for the system. */
	who: string | null;
	/** The account's e-mail, for the raw detail and the CSV export. */
	userEmail: string | null;
	category: AuditCategory;
	signIn: boolean;
	sentence: string;
	action: string;
	entity: string;
	entityId: string | null;
	/** The stored before/after values, as JSON text (null when none). */
	before: string | null;
	after: string | null;
}
