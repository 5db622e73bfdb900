import {
	backoffDelayMs,
	DEFAULT_RETRY_POLICY,
	isRetryableStatus,
	isTransientNetworkError,
	sendWithRetry,
	serverRequestedDelayMs,
	type HttpResponse,
} from '@idv-documents/shared/http/retry';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

function scripted(answers: Array<Partial<HttpResponse<string>> | Error>) {
	let calls = 0;
	const send = async (): Promise<HttpResponse<string>> => {
		const answer = answers[Math.min(calls, answers.length - 1)];
		calls++;
		if (answer instanceof Error) throw answer;
		return { statusCode: 200, headers: {}, body: '', ...answer };
	};
	return { send, calls: () => calls };
}

function recorder() {
	const waits: number[] = [];
	return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const context = (sleep: (ms: number) => Promise<void>, maxRetries = 3) => ({
	policy: { ...DEFAULT_RETRY_POLICY, maxRetries },
	sleep,
	now: () => NOW,
	random: () => 0,
});

describe('which failures are retried', () => {
	test.each([
		[408, true],
		[423, true],
		[429, true],
		[500, true],
		[503, true],
		[400, false],
		[401, false],
		[403, false],
		[404, false],
		[409, false],
		[413, false],
		[200, false],
	])('HTTP %i retried: %s', (status, expected) => {
		expect(isRetryableStatus(status)).toBe(expected);
	});

	test('transient network errors, also when wrapped as a cause', () => {
		expect(isTransientNetworkError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(
			true,
		);
		expect(isTransientNetworkError(new Error('socket hang up'))).toBe(true);
		expect(
			isTransientNetworkError(
				Object.assign(new Error('wrapped'), { cause: { code: 'ETIMEDOUT' } }),
			),
		).toBe(true);
		expect(isTransientNetworkError(Object.assign(new Error('dns'), { code: 'ENOTFOUND' }))).toBe(
			false,
		);
		expect(isTransientNetworkError(new Error('certificate has expired'))).toBe(false);
	});
});

describe('how long to wait', () => {
	test('Retry-After in seconds and as an HTTP date', () => {
		expect(serverRequestedDelayMs({ 'Retry-After': '2' }, NOW)).toBe(2000);
		expect(serverRequestedDelayMs({ 'retry-after': new Date(NOW + 5000).toUTCString() }, NOW)).toBe(
			5000,
		);
	});

	test('X-RateLimit-Reset as UTC epoch seconds', () => {
		expect(serverRequestedDelayMs({ 'X-RateLimit-Reset': String(NOW / 1000 + 3) }, NOW)).toBe(3000);
		expect(serverRequestedDelayMs({ 'x-ratelimit-reset': String(NOW / 1000 - 10) }, NOW)).toBe(0);
	});

	test('nothing said', () => {
		expect(serverRequestedDelayMs({}, NOW)).toBeUndefined();
	});

	test('exponential back-off, capped', () => {
		expect([0, 1, 2, 3].map((retry) => backoffDelayMs(retry, DEFAULT_RETRY_POLICY, 0))).toEqual([
			500, 1000, 2000, 4000,
		]);
		expect(backoffDelayMs(0, DEFAULT_RETRY_POLICY, 1)).toBe(625);
		expect(backoffDelayMs(20, DEFAULT_RETRY_POLICY, 0)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
	});
});

describe('sendWithRetry', () => {
	test('a 429 honours Retry-After, then succeeds', async () => {
		const { send, calls } = scripted([
			{ statusCode: 429, headers: { 'retry-after': '1' } },
			{ statusCode: 200, body: 'ok' },
		]);
		const { waits, sleep } = recorder();
		const response = await sendWithRetry(send, context(sleep));
		expect(response.body).toBe('ok');
		expect(calls()).toBe(2);
		expect(waits).toEqual([1000]);
	});

	test('a 423 backs off exponentially until the retries are spent, then returns the last answer', async () => {
		const { send, calls } = scripted([{ statusCode: 423 }]);
		const { waits, sleep } = recorder();
		const response = await sendWithRetry(send, context(sleep));
		expect(response.statusCode).toBe(423);
		expect(calls()).toBe(4);
		expect(waits).toEqual([500, 1000, 2000]);
	});

	test.each([400, 401, 403, 404, 409])('HTTP %i is never retried', async (status) => {
		const { send, calls } = scripted([{ statusCode: status }, { statusCode: 200 }]);
		const { waits, sleep } = recorder();
		expect((await sendWithRetry(send, context(sleep))).statusCode).toBe(status);
		expect(calls()).toBe(1);
		expect(waits).toEqual([]);
	});

	test('a server asking to wait longer than the bound is not waited for', async () => {
		const { send, calls } = scripted([
			{ statusCode: 429, headers: { 'retry-after': '3600' } },
			{ statusCode: 200 },
		]);
		const { waits, sleep } = recorder();
		expect((await sendWithRetry(send, context(sleep))).statusCode).toBe(429);
		expect(calls()).toBe(1);
		expect(waits).toEqual([]);
	});

	test('maxRetries 0 sends once', async () => {
		const { send, calls } = scripted([{ statusCode: 503 }, { statusCode: 200 }]);
		const { sleep } = recorder();
		expect((await sendWithRetry(send, context(sleep, 0))).statusCode).toBe(503);
		expect(calls()).toBe(1);
	});

	test('transient network errors are retried; others are thrown at once', async () => {
		const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
		const flaky = scripted([reset, { statusCode: 200, body: 'after reset' }]);
		const { sleep } = recorder();
		expect((await sendWithRetry(flaky.send, context(sleep))).body).toBe('after reset');
		expect(flaky.calls()).toBe(2);

		const dns = scripted([
			Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
		]);
		await expect(sendWithRetry(dns.send, context(sleep))).rejects.toThrow('ENOTFOUND');
		expect(dns.calls()).toBe(1);

		const down = scripted([reset]);
		await expect(sendWithRetry(down.send, context(sleep, 2))).rejects.toThrow('ECONNRESET');
		expect(down.calls()).toBe(3);
	});
});

describe('a request that changes something (idempotent: false)', () => {
	const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
	const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

	test('a connection cut after sending is not retried; a refused connection is', async () => {
		const cut = scripted([reset(), { statusCode: 200 }]);
		await expect(
			sendWithRetry(cut.send, { ...context(recorder().sleep), idempotent: false }),
		).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(cut.calls()).toBe(1);
		const notSent = scripted([refused(), { statusCode: 200 }]);
		expect(
			(await sendWithRetry(notSent.send, { ...context(recorder().sleep), idempotent: false }))
				.statusCode,
		).toBe(200);
		expect(notSent.calls()).toBe(2);
	});

	test.each([
		[500, {}, 1],
		[502, {}, 1],
		[503, {}, 1],
		[503, { 'retry-after': '0' }, 2],
		[429, {}, 2],
		[423, {}, 2],
	])('HTTP %i %j: sent %i times', async (statusCode, headers, calls) => {
		const answers = scripted([{ statusCode, headers }, { statusCode: 200 }]);
		await sendWithRetry(answers.send, { ...context(recorder().sleep), idempotent: false });
		expect(answers.calls()).toBe(calls);
	});
});
