// Targets of the evaluation (migration 0015): read with their territory's name, and written by
// admins one at a time, audited. While the table is empty, the starting proposal of
// data/objectifs.json stands in for it (flagged `source: 'fichier'`); the first write copies that
// proposal into the table, so that editing one target never loses the others.
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { targetProgress, type Progress } from '../../domain/indicators/progress';
import { MAX_INDICATOR_YEARS } from '../../schemas/indicator-query';
import { issuesText } from '../../schemas/issues';
import { targetFileSchema, type TargetInput } from '../../schemas/target';
import { recordAudit, type AuditActor } from '../audit';
import type { Database } from '../db/schema';
import { indicatorRows, type IndicatorRow } from './indicators';
import { refuse, type Outcome } from './outcome';

export interface Target extends TargetInput {
	nom: string;
}

export interface TargetSet {
	/** `base`: the targets saved; `fichier`: the proposal of data/objectifs.json, nothing saved yet. */
	source: 'base' | 'fichier';
	/** Where the numbers of the default file come from (its `source`). */
	note: string | null;
	targets: Target[];
}

/** data/objectifs.json, checked: an error names the file and the entry at fault. */
export async function readDefaultTargets(dataDir: string): Promise<{ source: string; objectifs: TargetInput[] }> {
	const file = path.join(dataDir, 'objectifs.json');
	const parsed = targetFileSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
	if (!parsed.success) throw new Error(`${file} : ${issuesText(parsed.error)}`);
	return parsed.data;
}

/** The names of the territories of the targets (a target on an unknown territory is left out). */
async function withNames(db: Kysely<Database>, targets: TargetInput[]): Promise<Target[]> {
	if (!targets.length) return [];
	const names = await db
		.selectFrom('territory')
		.select(['level', 'code', 'nom'])
		.where((eb) => eb.or(targets.map((t) => eb.and([eb('level', '=', t.level), eb('code', '=', t.code)]))))
		.execute();
	const nom = new Map(names.map((n) => [`${n.level}:${n.code}`, n.nom]));
	return targets.filter((t) => nom.has(`${t.level}:${t.code}`)).map((t) => ({ ...t, nom: nom.get(`${t.level}:${t.code}`)! }));
}

const ORDER = (a: TargetInput, b: TargetInput) =>
	a.year - b.year || a.level.localeCompare(b.level) || a.code.localeCompare(b.code) || a.indicator.localeCompare(b.indicator);

export async function listTargets(db: Kysely<Database>, dataDir: string): Promise<TargetSet> {
	const rows = await db.selectFrom('target').select(['level', 'code', 'indicator', 'year', 'value']).execute();
	if (rows.length) {
		const saved = rows.map((r) => ({ ...r, value: Number(r.value) }) as TargetInput);
		return { source: 'base', note: null, targets: await withNames(db, saved.sort(ORDER)) };
	}
	const defaults = await readDefaultTargets(dataDir);
	return { source: 'fichier', note: defaults.source, targets: await withNames(db, [...defaults.objectifs].sort(ORDER)) };
}

type Tx = Parameters<Parameters<ReturnType<Kysely<Database>['transaction']>['execute']>[0]>[0];

/** Copies the default file into an empty table (in the write's transaction), audited once. */
async function adoptDefaults(tx: Tx, dataDir: string, who: AuditActor | null): Promise<void> {
	// One writer at a time decides whether the table is empty.
	await sql`LOCK TABLE target IN EXCLUSIVE MODE`.execute(tx);
	const any = await tx.selectFrom('target').select('id').limit(1).executeTakeFirst();
	if (any) return;
	const defaults = await readDefaultTargets(dataDir);
	const known = await withNames(tx, defaults.objectifs);
	if (!known.length) return;
	await tx
		.insertInto('target')
		.values(
			known.map(({ level, code, indicator, year, value }) => ({
				level,
				code,
				indicator,
				year,
				value,
				updated_by: who && who.id > 0 ? who.id : null
			}))
		)
		.execute();
	await recordAudit(tx, who, { action: 'import', entity: 'target', after: { fichier: 'objectifs.json', objectifs: known.length } });
}

/** Sets (creates or changes) one target; the first write adopts the default proposal. */
export async function saveTarget(
	db: Kysely<Database>,
	input: TargetInput,
	dataDir: string,
	who: AuditActor | null
): Promise<Outcome<{ created: boolean }>> {
	const [known] = await withNames(db, [input]);
	if (!known) return refuse(404, `aucun territoire ${input.level} ${input.code}`, 'territoire');
	return db.transaction().execute(async (tx) => {
		await adoptDefaults(tx, dataDir, who);
		const key = { level: input.level, code: input.code, indicator: input.indicator, year: input.year };
		const before = await tx
			.selectFrom('target')
			.select('value')
			.where((eb) => eb.and({ level: key.level, code: key.code, indicator: key.indicator, year: key.year }))
			.executeTakeFirst();
		await tx
			.insertInto('target')
			.values({ ...key, value: input.value, updated_by: who && who.id > 0 ? who.id : null })
			.onConflict((oc) =>
				oc
					.columns(['level', 'code', 'indicator', 'year'])
					.doUpdateSet({ value: input.value, updated_by: who && who.id > 0 ? who.id : null, updated_at: new Date() })
			)
			.execute();
		await recordAudit(tx, who, {
			action: before ? 'update' : 'create',
			entity: 'target',
			entityId: `${key.level}:${key.code}`,
			before: before ? { ...key, value: Number(before.value) } : undefined,
			after: { ...key, value: input.value }
		});
		return { ok: true as const, created: !before };
	});
}

/** Removes one target (the default proposal is adopted first, then the target taken out of it). */
export async function deleteTarget(
	db: Kysely<Database>,
	key: Omit<TargetInput, 'value'>,
	dataDir: string,
	who: AuditActor | null
): Promise<Outcome<object>> {
	return db.transaction().execute(async (tx) => {
		await adoptDefaults(tx, dataDir, who);
		const removed = await tx
			.deleteFrom('target')
			.where((eb) => eb.and({ level: key.level, code: key.code, indicator: key.indicator, year: key.year }))
			.returning('value')
			.executeTakeFirst();
		if (!removed) return refuse(404, 'aucun objectif pour ce territoire, cet indicateur et cette année', 'indicator');
		await recordAudit(tx, who, {
			action: 'delete',
			entity: 'target',
			entityId: `${key.level}:${key.code}`,
			before: { ...key, value: Number(removed.value) }
		});
		return { ok: true as const };
	});
}

export interface TargetWithProgress extends Target {
	/** The indicator's figure for the territory and year (null: the year is beyond the 30 computed). */
	current: number | null;
	progress: Progress | null;
}

/** Each target with the indicator's figure for its territory and year, and where it stands on `today`. */
export async function targetsWithProgress(
	db: Kysely<Database>,
	targets: readonly Target[],
	departement: string,
	today: string
): Promise<TargetWithProgress[]> {
	const byLevel = new Map<Target['level'], Target[]>();
	for (const t of targets) byLevel.set(t.level, [...(byLevel.get(t.level) ?? []), t]);
	const figures = new Map<string, IndicatorRow>();
	for (const [level, list] of byLevel) {
		const a = Math.max(...list.map((t) => t.year));
		const de = Math.max(Math.min(...list.map((t) => t.year)), a - MAX_INDICATOR_YEARS + 1);
		for (const row of await indicatorRows(db, { level, de, a, secteur: [] }, departement))
			figures.set(`${level}:${row.code}:${row.year}`, row);
	}
	return targets.map((t) => {
		const row = figures.get(`${t.level}:${t.code}:${t.year}`);
		const current = row ? row[t.indicator] : null;
		const progress =
			current === null ? null : targetProgress({ indicator: t.indicator, year: t.year, target: t.value, value: current, today });
		return { ...t, current, progress };
	});
}
