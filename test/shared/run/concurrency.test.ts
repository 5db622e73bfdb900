import { sleep } from 'n8n-workflow';

import { mapInOrder, Semaphore } from '@idv-documents/shared/run/concurrency';
import { RateGate } from '@idv-documents/shared/http/rateGate';
import { DEFAULT_RETRY_POLICY, sendWithRetry } from '@idv-documents/shared/http/retry';

/** A clock that only moves when someone sleeps: timing without waiting. */
function fakeClock(start = 1_000_000) {
	let now = start;
	const sleeps: number[] = [];
	return {
		now: () => now,
		sleeps,
		sleep: async (ms: number) => {
			sleeps.push(ms);
			now += ms;
			await Promise.resolve();
		},
	};
}

const tick = async () => await sleep(0);

describe('mapInOrder', () => {
	test('results follow index order, whatever order tasks finish in', async () => {
		const finished: number[] = [];
		const results = await mapInOrder(6, 3, async (index) => {
			for (let i = 0; i < 6 - index; i++) await tick();
			finished.push(index);
			return index * 10;
		});
		expect(results).toEqual([0, 10, 20, 30, 40, 50]);
		expect(finished).not.toEqual([0, 1, 2, 3, 4, 5]);
	});

	test.each([1, 2, 5])('never more than %i in flight', async (limit) => {
		let inFlight = 0;
		let peak = 0;
		await mapInOrder(12, limit, async () => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			await tick();
			inFlight--;
		});
		expect(peak).toBe(limit);
	});

	test('a failure stops new tasks from starting; tasks in flight finish', async () => {
		const started: number[] = [];
		const results = await mapInOrder(
			10,
			2,
			async (index) => {
				started.push(index);
				await tick();
				return index === 3 ? 'failed' : 'ok';
			},
			(result) => result === 'failed',
		);
		expect(started).toEqual([0, 1, 2, 3, 4]);
		expect(results[3]).toBe('failed');
		expect(results[9]).toBeUndefined();
	});
});

describe('RateGate', () => {
	test('caps the request rate: requests 1/rate apart', async () => {
		const clock = fakeClock();
		const gate = new RateGate({ requestsPerSecond: 4, sleep: clock.sleep, now: clock.now });
		const times: number[] = [];
		for (let i = 0; i < 5; i++) {
			await gate.acquire();
			times.push(clock.now() - 1_000_000);
		}
		expect(times).toEqual([0, 250, 500, 750, 1000]);
	});

	test('no cap: no waiting', async () => {
		const clock = fakeClock();
		const gate = new RateGate({ sleep: clock.sleep, now: clock.now });
		for (let i = 0; i < 5; i++) await gate.acquire();
		expect(clock.sleeps).toEqual([]);
	});

	test('a pause holds every later request until it ends', async () => {
		const clock = fakeClock();
		const gate = new RateGate({ sleep: clock.sleep, now: clock.now });
		gate.pauseUntil(clock.now() + 2000);
		await gate.acquire();
		await gate.acquire();
		expect(clock.now()).toBe(1_002_000);
		expect(clock.sleeps).toEqual([2000]);
	});

	test.each([
		[429, { 'retry-after': '3' }, [1_003_000]],
		[423, { 'retry-after': '3' }, []],
		[503, {}, []],
	])(
		'HTTP %i: a shared pause for the whole run only on a rate limit',
		async (status, headers, pauses) => {
			const clock = fakeClock();
			const gate = new RateGate({ sleep: clock.sleep, now: clock.now });
			const pausedUntil: number[] = [];
			const pauseUntil = gate.pauseUntil.bind(gate);
			gate.pauseUntil = (until: number) => {
				pausedUntil.push(until);
				pauseUntil(until);
			};
			let calls = 0;
			const response = await sendWithRetry(
				async () =>
					calls++ === 0
						? { statusCode: status, headers, body: '' }
						: { statusCode: 200, headers: {}, body: '' },
				{ policy: DEFAULT_RETRY_POLICY, gate, sleep: clock.sleep, now: clock.now, random: () => 0 },
			);
			expect(response.statusCode).toBe(200);
			expect(pausedUntil).toEqual(pauses);
			// Another request of the run, issued now, waits out the pause too (or not at all).
			const before = clock.now();
			await gate.acquire();
			expect(clock.now() - before).toBe(0);
			expect(clock.now()).toBeGreaterThanOrEqual(pauses[0] ?? 0);
		},
	);
});

describe('Semaphore', () => {
	test('runs at most `limit` tasks at once, starting waiters in call order', async () => {
		const semaphore = new Semaphore(2);
		let running = 0;
		let peak = 0;
		const started: number[] = [];
		await Promise.all(
			Array.from(
				{ length: 6 },
				async (_, index) =>
					await semaphore.run(async () => {
						started.push(index);
						running++;
						peak = Math.max(peak, running);
						for (let i = 0; i < 3; i++) await tick();
						running--;
					}),
			),
		);
		expect(peak).toBe(2);
		expect(started).toEqual([0, 1, 2, 3, 4, 5]);
	});

	test('a failing task gives its slot back', async () => {
		const semaphore = new Semaphore(1);
		await expect(
			semaphore.run(async () => await Promise.reject(new Error('boom'))),
		).rejects.toThrow('boom');
		await expect(semaphore.run(async () => await Promise.resolve('next'))).resolves.toBe('next');
	});
});
