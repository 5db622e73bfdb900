/**
 * Runs an async task for each index with at most `limit` in flight, and returns the
 * results in index order whatever order they finish in.
 * `shouldStop` lets a failure stop new tasks from starting (tasks in flight finish).
 */
export async function mapInOrder<R>(
	count: number,
	limit: number,
	task: (index: number) => Promise<R>,
	shouldStop: (result: R) => boolean = () => false,
): Promise<R[]> {
	const results: R[] = new Array(count);
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < count) {
			const index = next++;
			results[index] = await task(index);
			if (shouldStop(results[index])) stopped = true;
		}
	};
	const workers = Array.from(
		{ length: Math.max(1, Math.min(limit, count)) },
		async () => await worker(),
	);
	await Promise.all(workers);
	return results;
}

/**
 * At most `limit` tasks run at once; the others wait their turn in call order. Lets a
 * node bound its requests in flight while other items unzip or store meanwhile.
 */
export class Semaphore {
	private running = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(private readonly limit: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.running >= this.limit)
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.running++;
		try {
			return await task();
		} finally {
			// Hand the slot straight to the next in line, or give it back.
			const next = this.waiting.shift();
			if (next) next();
			else this.running--;
		}
	}
}
