// Login attempt limiting: a sliding window of failures per key (account and client address).
// In memory: Maillage runs as one process; a restart forgets the window, which is acceptable.
export class FailureLimiter {
	#failures = new Map<string, number[]>();
	constructor(
		private readonly maxFailures: number,
		private readonly windowMs: number
	) {}

	#recent(key: string, now: number): number[] {
		const list = (this.#failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
		if (list.length) this.#failures.set(key, list);
		else this.#failures.delete(key);
		return list;
	}

	/** Milliseconds until the key may try again; 0 when it may try now. */
	retryAfter(key: string, now = Date.now()): number {
		const list = this.#recent(key, now);
		return list.length >= this.maxFailures ? this.windowMs - (now - list[0]) : 0;
	}

	fail(key: string, now = Date.now()): void {
		const list = this.#recent(key, now);
		list.push(now);
		this.#failures.set(key, list);
	}

	reset(key: string): void {
		this.#failures.delete(key);
	}
}

/** 5 failures per account and 20 per address in 15 minutes. */
export const loginLimiter = {
	account: new FailureLimiter(5, 15 * 60_000),
	address: new FailureLimiter(20, 15 * 60_000)
};
