// Reads a file of actors in a worker thread (reader-worker.ts) and gives its batches as they come,
// so that parsing and validating the next rows overlap the database's work on the previous ones:
// on PGlite the database runs on this thread, on a server in its own process.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { actorBatches, type ActorBatch, type ActorBatchOptions } from './actor-batches';
import { ImportFileError } from './errors';
import type { ImportSource } from './types';

/** The built worker, next to build/cli.js (vite.cli.config.ts). */
const BUILT_WORKER = 'import-worker.js';
/** From the sources: the worker's TypeScript, and the development loader that runs it (variables: the bundler must not take them for assets). */
const SOURCE_WORKER = './reader-worker.ts';
const TS_WORKER_LOADER = '../../../../scripts/ts-worker.mjs';

type WorkerMessage =
	| { type: 'batch'; batch: ActorBatch }
	| { type: 'done' }
	| { type: 'error'; name: string; message: string; line: number | null; stack?: string }
	| { type: 'exit'; code: number };

function startWorker(workerData: { source: string | Uint8Array; options: ActorBatchOptions }): Worker {
	const here = import.meta.url;
	// The benchmarks run the sources but measure the built worker (npm run build), as production runs it:
	// through tsx, its start costs about 2 s more.
	const built = process.env.MAILLAGE_IMPORT_WORKER;
	if (built) return new Worker(built, { workerData });
	if (here.endsWith('.ts')) {
		// Run from the sources (tests, `vite dev`, the benchmarks): the worker's TypeScript goes
		// through tsx, a development dependency like the tools running these sources.
		return new Worker(new URL(TS_WORKER_LOADER, here), { workerData: { ...workerData, module: new URL(SOURCE_WORKER, here).href } });
	}
	// Built: this code is in a chunk below build/ (build/server/chunks/chunks/ for the app,
	// build/cli/ for the command line): the worker is the first import-worker.js found going up,
	// no higher than the project's folder.
	const start = path.dirname(fileURLToPath(here));
	for (let dir = start; ; dir = path.dirname(dir)) {
		const file = path.join(dir, BUILT_WORKER);
		if (fs.existsSync(file)) return new Worker(file, { workerData });
		if (fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir) break;
	}
	throw new Error(`${BUILT_WORKER} introuvable au-dessus de ${start} : relancer « npm run build »`);
}

function rebuiltError(message: Extract<WorkerMessage, { type: 'error' }>): Error {
	const error = message.name === 'ImportFileError' ? new ImportFileError(message.message) : new Error(message.message);
	if (message.name === 'ImportFileError') Object.assign(error, { line: message.line });
	else error.name = message.name;
	if (message.stack) error.stack = message.stack;
	return error;
}

/**
 * The batches of a file of actors, read in a worker thread. A stream, which only this thread can
 * read, is read here, by the same code.
 */
export async function* readActorBatches(source: ImportSource, options: ActorBatchOptions): AsyncGenerator<ActorBatch> {
	if (typeof source !== 'string' && !(source instanceof Uint8Array)) {
		yield* actorBatches(source, options);
		return;
	}
	const worker = startWorker({ source, options });
	const messages: WorkerMessage[] = [];
	let wake: (() => void) | null = null;
	const push = (message: WorkerMessage) => {
		messages.push(message);
		wake?.();
		wake = null;
	};
	worker.on('message', push);
	worker.on('error', (error) => push({ type: 'error', name: error.name, message: error.message, line: null, stack: error.stack }));
	worker.on('exit', (code) => push({ type: 'exit', code }));
	try {
		for (;;) {
			if (!messages.length) await new Promise<void>((resolve) => (wake = resolve));
			const message = messages.shift()!;
			if (message.type === 'batch') {
				yield message.batch;
				worker.postMessage('ack');
			} else if (message.type === 'done') return;
			else if (message.type === 'error') throw rebuiltError(message);
			else throw new Error(`lecture du fichier interrompue : le fil de lecture s’est arrêté (code ${message.code})`);
		}
	} finally {
		await worker.terminate();
	}
}
