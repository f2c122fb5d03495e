// The worker thread that reads a file of actors (actor-batches.ts) and hands its batches to the
// import's thread, which writes them to the database meanwhile. At most two batches wait unread:
// the thread acknowledges each one it takes, so that memory stays bounded whatever the file's size.
// Built to build/import-worker.js (vite.cli.config.ts); started by reader.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { actorBatches, type ActorBatchOptions } from './actor-batches';
import type { ImportSource } from './types';

const port = parentPort!;
const { source, options } = workerData as { source: ImportSource; options: ActorBatchOptions };
const AHEAD = 2;

let credits = AHEAD;
let released: (() => void) | null = null;
port.on('message', (message) => {
	if (message !== 'ack') return;
	credits++;
	released?.();
	released = null;
});

try {
	for await (const batch of actorBatches(source, options)) {
		if (credits === 0) await new Promise<void>((resolve) => (released = resolve));
		credits--;
		port.postMessage({ type: 'batch', batch });
	}
	port.postMessage({ type: 'done' });
} catch (error) {
	const e = error as Error & { line?: number | null };
	port.postMessage({ type: 'error', name: e.name, message: e.message, line: e.line ?? null, stack: e.stack });
}
