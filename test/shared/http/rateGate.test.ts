import { RateGate } from '@idv-documents/shared/http/rateGate';
import { DEFAULT_RETRY_POLICY, sendWithRetry } from '@idv-documents/shared/http/retry';
import { fakeClock } from '../../fixtures/clock';

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
