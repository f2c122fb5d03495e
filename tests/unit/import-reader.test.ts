// The import's reading thread (imports/reader.ts): the batches a worker thread hands over are the
// ones the same code gives in place, row for row; a file the worker cannot read fails with the
// reader's own error (class, message, line); and a stream, which only the caller can read, is read
// in place.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { actorBatches, type ActorBatch, type ActorBatchOptions } from '../../src/lib/server/imports/actor-batches';
import { ImportFileError } from '../../src/lib/server/imports/errors';
import { readActorBatches } from '../../src/lib/server/imports/reader';
import { badSiret, csvText, sirenOf, sireneRow, siretOf } from '../fixtures/imports/builders';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'maillage-reader-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** 26,000 rows: two batches by row count; every 50th closed, every 70th with a wrong SIRET. */
function sireneFile(): string {
	const rows = Array.from({ length: 26_000 }, (_, i) => {
		const siren = sirenOf(20_000_000 + i);
		const siret = siretOf(siren);
		return sireneRow({
			siren,
			siret: i % 70 === 3 ? badSiret(siret) : siret,
			denominationUniteLegale: `ASSOCIATION ${i}`,
			...(i % 50 === 7 ? { etatAdministratifEtablissement: 'F' } : {})
		});
	});
	const file = path.join(dir, 'sirene.csv');
	fs.writeFileSync(file, csvText(rows));
	return file;
}

const options: ActorBatchOptions = { fileName: 'sirene.csv', format: 'sirene', departement: '57' };

async function collect(batches: AsyncGenerator<ActorBatch>): Promise<ActorBatch[]> {
	const all: ActorBatch[] = [];
	for await (const batch of batches) all.push(batch);
	return all;
}

describe('the import’s reading thread', () => {
	it('hands over the batches the same code gives in place', { timeout: 120_000 }, async () => {
		const file = sireneFile();
		const inWorker = await collect(readActorBatches(file, options));
		const inPlace = await collect(actorBatches(file, options));
		expect(inWorker.length).toBe(2);
		expect(inWorker).toEqual(inPlace);
		const read = inWorker.reduce((n, b) => n + b.counts.read, 0);
		const rejected = inWorker.flatMap((b) => b.rejections);
		expect(read).toBe(26_000);
		expect(inWorker.reduce((n, b) => n + b.counts.skipped, 0)).toBe(520);
		expect(rejected.length).toBe(372);
		expect(rejected[0]).toMatchObject({ line: 5, column: 'siret' });
		expect(inWorker.map((b) => b.copy.split('\n').length - 1).reduce((a, b) => a + b)).toBe(26_000 - 520 - 372);
	});

	it('fails with the reader’s own error', async () => {
		const empty = path.join(dir, 'vide.csv');
		fs.writeFileSync(empty, '');
		const failure = collect(readActorBatches(empty, { ...options, fileName: 'vide.csv' }));
		await expect(failure).rejects.toBeInstanceOf(ImportFileError);
		await expect(collect(readActorBatches(empty, { ...options, fileName: 'vide.csv' }))).rejects.toThrow('« vide.csv » est vide');
	});

	it('reads a stream in place', async () => {
		const siren = sirenOf(424_243);
		const text = csvText([sireneRow({ siren, siret: siretOf(siren), denominationUniteLegale: 'ÉPICERIE SOLIDAIRE' })]);
		const batches = await collect(readActorBatches(Readable.from([Buffer.from(text)]), options));
		expect(batches.map((b) => b.counts.read)).toEqual([1]);
		expect(batches[0].copy).toContain('ÉPICERIE SOLIDAIRE');
	});
});
