/**
 * Paces the requests of one node run: an optional cap on requests per second, and a
 * shared pause when the service says "slow down" (429 with Retry-After, 423), so that
 * concurrent requests back off together instead of hammering the service.
 */

export interface RateGateOptions {
	/** Requests per second at most; 0 or undefined for no cap. */
	requestsPerSecond?: number;
	sleep: (ms: number) => Promise<void>;
	now?: () => number;
}

export class RateGate {
	private nextSlot = 0;

	private pausedUntil = 0;

	private readonly intervalMs: number;

	private readonly now: () => number;

	constructor(private readonly options: RateGateOptions) {
		const rate = options.requestsPerSecond ?? 0;
		this.intervalMs = rate > 0 ? 1000 / rate : 0;
		this.now = options.now ?? Date.now;
	}

	/** Waits for this request's turn. Slots are reserved in call order. */
	async acquire(): Promise<void> {
		for (;;) {
			const now = this.now();
			const slot = Math.max(now, this.nextSlot, this.pausedUntil);
			this.nextSlot = slot + this.intervalMs;
			const wait = slot - now;
			if (wait <= 0) return;
			await this.options.sleep(wait);
			// A pause announced while this request slept, reaching past its slot, moves its turn again.
			if (this.pausedUntil <= slot) return;
		}
	}

	/** Holds every request of this run until `until` (epoch ms). */
	pauseUntil(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
	}
}
