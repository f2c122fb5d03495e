// A real SMTP server for the tests (the `smtp-server` package), on a free local port: it keeps
// every message it accepts and refuses the addresses it is told to (a 550, as a bounce).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
	to: string[];
	raw: string;
}

export interface TestSmtp {
	url: string;
	messages: ReceivedMessage[];
	close(): Promise<void>;
}

export async function startSmtp(refuse: Set<string> = new Set()): Promise<TestSmtp> {
	const messages: ReceivedMessage[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (refuse.has(address.address.toLowerCase())) {
				const error = Object.assign(new Error('Boîte inconnue'), { responseCode: 550 });
				return callback(error);
			}
			callback();
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				messages.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw: Buffer.concat(chunks).toString('utf8') });
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}/?ignoreTLS=true`,
		messages,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** A header of a message, unfolded (its first occurrence). */
export function messageHeader(raw: string, name: string): string | null {
	const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
	return new RegExp(`^${name}: *(.*)$`, 'im').exec(head)?.[1].trim() ?? null;
}

/** The `List-Unsubscribe` https link of a message. */
export function unsubscribeLink(raw: string): string | null {
	return /<(https?:[^>]+)>/.exec(messageHeader(raw, 'List-Unsubscribe') ?? '')?.[1] ?? null;
}
