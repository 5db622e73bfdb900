import { sleep } from 'n8n-workflow';

import { mapInOrder, Semaphore } from '@idv-documents/shared/run/concurrency';

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
