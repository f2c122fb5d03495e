// Visit reports made in the field, kept in IndexedDB until the server has them: every report goes
// through this queue, online or not, so that none is lost when the network drops mid-way. Each is
// sent with an idempotency key (`cle`: a replay after a lost answer saves nothing twice) and the
// stop's version it was made on (409 if someone reported the visit in between: the report is kept,
// refused, with the server's message, never silently dropped). Reports of one stop are chained:
// the second is made on the version the first will leave.
import { api, ApiError } from '../api-client';
import type { ParcoursDetail } from '../dto/parcours';

export interface ReportVisit {
	status: 'fait' | 'non_rencontre';
	note: string | null;
	/** The day of the visit (ISO). */
	date: string;
}

/** What the officer reports in the field view. */
export interface ReportInput {
	status: ReportVisit['status'];
	note: string | null;
	open_accueil: boolean;
	next_followup: string | null;
}

export interface QueuedReport {
	/** The idempotency key, also the record's key. */
	cle: string;
	/** Who made it: only they send it (a shared phone, another account signed in later). */
	user: string;
	trip_id: number;
	stop_id: number;
	actor_id: number;
	nom: string;
	/** The stop's `visit_version` the report was made on. */
	version: number;
	visit: ReportVisit;
	/** Open a parcours at the accueil stage (POST /api/accompaniments: 409 when one runs). */
	open_accueil: boolean;
	/** The running parcours read with the trip (id and version), for the next follow-up. */
	parcours: { id: number; version: number } | null;
	next_followup: string | null;
	/** The steps already done: a report half sent resumes where it stopped. */
	sent: { visit: boolean; open: boolean; followup: boolean };
	/** `refused`: the server said no (its message kept); waits for the officer, never resent. */
	state: 'pending' | 'refused';
	message: string | null;
	queued_at: string;
	/** The stop's version after the visit was saved. */
	saved_version?: number;
}

export type NewReport = Omit<QueuedReport, 'cle' | 'sent' | 'state' | 'message' | 'queued_at' | 'saved_version'>;

const DB_NAME = 'maillage-terrain';
const STORE = 'reports';

function openDb(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, 1);
		request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'cle' });
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
	const db = await openDb();
	try {
		return await new Promise<T>((resolve, reject) => {
			const tx = db.transaction(STORE, mode);
			const request = run(tx.objectStore(STORE));
			tx.oncomplete = () => resolve(request.result);
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}

/** The user's reports not yet saved, oldest first. */
export async function queuedReports(user: string): Promise<QueuedReport[]> {
	const all = await withStore('readonly', (store) => store.getAll() as IDBRequest<QueuedReport[]>);
	return all.filter((r) => r.user === user).sort((a, b) => a.queued_at.localeCompare(b.queued_at) || a.cle.localeCompare(b.cle));
}

const saveReport = (report: QueuedReport) => withStore('readwrite', (store) => store.put(report));
export const forgetReport = (cle: string) => withStore('readwrite', (store) => store.delete(cle));

/** A random idempotency key (32 hex digits). */
export function newKey(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The version a new report of a stop is made on: the stop's as read, or, when reports of that stop
 * are still queued, the one the last of them will leave.
 */
export function chainedVersion(
	read: number,
	queued: readonly Pick<QueuedReport, 'stop_id' | 'version' | 'state'>[],
	stopId: number
): number {
	const same = queued.filter((r) => r.stop_id === stopId && r.state === 'pending');
	return same.length ? Math.max(read, ...same.map((r) => r.version + 1)) : read;
}

export async function queueReport(report: NewReport): Promise<QueuedReport> {
	const queued = await queuedReports(report.user);
	const stored: QueuedReport = {
		...report,
		version: chainedVersion(report.version, queued, report.stop_id),
		cle: newKey(),
		sent: { visit: false, open: !report.open_accueil, followup: !report.next_followup },
		state: 'pending',
		message: null,
		queued_at: new Date().toISOString()
	};
	await saveReport(stored);
	return stored;
}

export interface FlushResult {
	/** Reports fully saved by this flush. */
	saved: QueuedReport[];
	/** Stopped by the network (or a session to renew): the rest waits for the next try. */
	stopped: 'network' | 'session' | null;
}

class Stop extends Error {
	constructor(readonly reason: 'network' | 'session') {
		super(reason);
	}
}

/** A failure of the network or the session stops the flush; any other refusal is the report's. */
function stopOn(error: unknown): never {
	if (error instanceof ApiError && error.status === 0) throw new Stop('network');
	if (error instanceof ApiError && error.status === 401) throw new Stop('session');
	throw error;
}

async function sendVisit(report: QueuedReport): Promise<void> {
	const { status, note, date } = report.visit;
	try {
		const saved = await api<{ visit_version: number }>(`/api/trips/${report.trip_id}/stops/${report.stop_id}/visit`, {
			method: 'POST',
			json: { status, note, date, version: report.version, cle: report.cle }
		});
		report.saved_version = saved.visit_version;
		report.sent.visit = true;
	} catch (error) {
		stopOn(error);
	}
}

async function openAccueil(report: QueuedReport): Promise<void> {
	try {
		const opened = await api<{ id: number; version: number }>('/api/accompaniments', {
			method: 'POST',
			json: { actor_id: report.actor_id, date: report.visit.date, ...(report.visit.note ? { note: report.visit.note } : {}) }
		});
		report.parcours = opened;
	} catch (error) {
		// A parcours already runs (opened by a replay of this report, or by a colleague): the
		// follow-up goes to that one.
		const existing =
			error instanceof ApiError && error.status === 409 ? (error.body as { existing_id?: number } | null)?.existing_id : undefined;
		if (existing === undefined) stopOn(error);
		const detail = await api<ParcoursDetail>(`/api/accompaniments/${existing}`).catch(stopOn);
		report.parcours = { id: detail.id, version: detail.version };
	}
	report.sent.open = true;
}

async function setFollowup(report: QueuedReport): Promise<void> {
	const parcours = report.parcours;
	if (parcours && report.next_followup) {
		try {
			await api(`/api/accompaniments/${parcours.id}`, {
				method: 'PATCH',
				json: { version: parcours.version, changes: { next_followup: report.next_followup } }
			});
		} catch (error) {
			if (!(error instanceof ApiError && error.status === 409)) stopOn(error);
			// Saved before the answer was lost, or changed by someone else: only the first is fine.
			const detail = await api<ParcoursDetail>(`/api/accompaniments/${parcours.id}`).catch(stopOn);
			if (detail.next_followup !== report.next_followup) throw error;
		}
	}
	report.sent.followup = true;
}

/** Sends one report, step by step, saving its progress after each. */
async function send(report: QueuedReport): Promise<void> {
	const steps: [keyof QueuedReport['sent'], (r: QueuedReport) => Promise<void>][] = [
		['visit', sendVisit],
		['open', openAccueil],
		['followup', setFollowup]
	];
	for (const [step, run] of steps) {
		if (report.sent[step]) continue;
		await run(report);
		await saveReport(report);
	}
}

let flushing: Promise<FlushResult> | null = null;

/** Sends the user's pending reports in the order they were made; one flush at a time per page. */
export function flushReports(user: string): Promise<FlushResult> {
	flushing ??= (async () => {
		const saved: QueuedReport[] = [];
		try {
			for (const report of await queuedReports(user)) {
				if (report.state !== 'pending') continue;
				try {
					await send(report);
					await forgetReport(report.cle);
					saved.push(report);
				} catch (error) {
					if (error instanceof Stop) return { saved, stopped: error.reason };
					report.state = 'refused';
					report.message = error instanceof Error ? error.message : String(error);
					await saveReport(report);
				}
			}
			return { saved, stopped: null };
		} finally {
			flushing = null;
		}
	})();
	return flushing;
}
