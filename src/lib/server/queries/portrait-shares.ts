// Share links of portraits: created and revoked by the DLA team (audit-logged), resolved by the
// public /partage/[token] routes. Only the token's SHA-256 is stored and compared.
import type { Kysely } from 'kysely';
import { randomToken, sha256 } from '../auth/crypto';
import { recordAudit, type AuditActor } from '../audit';
import type { Database, TerritoryLevel } from '../db/schema';

export interface PortraitShare {
	id: number;
	level: TerritoryLevel;
	code: string;
	period_from: number;
	period_to: number;
	created_at: Date;
	expires_at: Date | null;
	revoked_at: Date | null;
	/** Email of the team member who created it (shown to the team only, never on the shared page). */
	created_by_email: string | null;
}

export interface NewShare {
	level: TerritoryLevel;
	code: string;
	from: number;
	to: number;
	expiresAt: Date | null;
}

/** Creates a link and returns its token: the only moment the token exists in clear. */
export async function createShare(db: Kysely<Database>, who: AuditActor, share: NewShare): Promise<{ id: number; token: string }> {
	const token = randomToken();
	return db.transaction().execute(async (tx) => {
		const row = await tx
			.insertInto('portrait_share')
			.values({
				token_hash: sha256(token),
				level: share.level,
				code: share.code,
				period_from: share.from,
				period_to: share.to,
				created_by: who.id > 0 ? who.id : null,
				created_at: new Date(),
				expires_at: share.expiresAt
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, who, {
			action: 'create',
			entity: 'portrait_share',
			entityId: row.id,
			after: { level: share.level, code: share.code, de: share.from, a: share.to, expires_at: share.expiresAt?.toISOString() ?? null }
		});
		return { id: row.id, token };
	});
}

/** Revokes a link; false when there is no such link or it was already revoked. */
export async function revokeShare(db: Kysely<Database>, who: AuditActor, id: number): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const row = await tx
			.updateTable('portrait_share')
			.set({ revoked_at: new Date() })
			.where('id', '=', id)
			.where('revoked_at', 'is', null)
			.returning(['id', 'level', 'code'])
			.executeTakeFirst();
		if (!row) return false;
		await recordAudit(tx, who, { action: 'revoke', entity: 'portrait_share', entityId: id, before: { level: row.level, code: row.code } });
		return true;
	});
}

export async function listShares(db: Kysely<Database>, level: TerritoryLevel, code: string): Promise<PortraitShare[]> {
	return db
		.selectFrom('portrait_share as s')
		.leftJoin('app_user as u', 'u.id', 's.created_by')
		.select([
			's.id',
			's.level',
			's.code',
			's.period_from',
			's.period_to',
			's.created_at',
			's.expires_at',
			's.revoked_at',
			'u.email as created_by_email'
		])
		.where('s.level', '=', level)
		.where('s.code', '=', code)
		.orderBy('s.id', 'desc')
		.execute();
}

export type ShareResolution =
	| { status: 'valid'; share: { id: number; level: TerritoryLevel; code: string; from: number; to: number; expires_at: Date | null } }
	| { status: 'unknown' }
	| { status: 'revoked' }
	| { status: 'expired' };

/** What a token opens: a valid share, or why not (unknown → 404, revoked or expired → 410). */
export async function resolveShare(db: Kysely<Database>, token: string, now = new Date()): Promise<ShareResolution> {
	// Tokens are 43 base64url characters; anything else cannot match and is not worth a query.
	if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: 'unknown' };
	const row = await db
		.selectFrom('portrait_share')
		.select(['id', 'level', 'code', 'period_from', 'period_to', 'expires_at', 'revoked_at'])
		.where('token_hash', '=', sha256(token))
		.executeTakeFirst();
	if (!row) return { status: 'unknown' };
	if (row.revoked_at) return { status: 'revoked' };
	if (row.expires_at && row.expires_at.getTime() <= now.getTime()) return { status: 'expired' };
	return {
		status: 'valid',
		share: { id: row.id, level: row.level, code: row.code, from: row.period_from, to: row.period_to, expires_at: row.expires_at }
	};
}
