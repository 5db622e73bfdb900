import { NodeOperationError } from 'n8n-workflow';

import { connectService, scopeOf, sharedConnection } from '@idv-documents/shared/http/connection';
import { sendServiceRequest } from '@idv-documents/shared/http/request';
import { EXAMPLE_SECRET, EXAMPLE_SERVICE, fakeService } from '../../fixtures/serviceContext';

describe('connectService', () => {
	test("resolves the credential's environment and collects its secrets", async () => {
		const fake = fakeService([], { environment: 'sandbox', apiKey: EXAMPLE_SECRET, other: 'x' });
		const connection = await connectService(fake.context, EXAMPLE_SERVICE, { timeoutMs: 7000 });
		expect(connection).toMatchObject({
			baseUrl: 'https://sandbox.example.test',
			environment: 'sandbox',
			secrets: [EXAMPLE_SECRET],
			timeoutMs: 7000,
		});
	});

	test('an unset environment is the first one, for requests and for error wording', async () => {
		const fake = fakeService([], { apiKey: EXAMPLE_SECRET });
		const connection = await connectService(fake.context, EXAMPLE_SERVICE);
		expect(connection.environment).toBe('live');
		expect(connection.baseUrl).toBe('https://api.example.test');
	});

	test('an unknown environment is an error of the item that asked', async () => {
		const fake = fakeService([], { environment: 'moon', apiKey: EXAMPLE_SECRET });
		const failure = await connectService(fake.context, EXAMPLE_SERVICE, {}, 4).catch(
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as NodeOperationError).message).toContain('Unknown environment "moon"');
		expect((failure as NodeOperationError).context.itemIndex).toBe(4);
	});
});

describe('sharedConnection', () => {
	test('reads the credential once for all of a run', async () => {
		const fake = fakeService([]);
		const connect = sharedConnection(fake.context, EXAMPLE_SERVICE);
		const [first, second] = await Promise.all([connect(), connect()]);
		expect(first).toBe(second);
		expect(fake.credentialReads).toBe(1);
	});

	test('a broken credential fails each item with an error of its own', async () => {
		const fake = fakeService([], new Error('Credentials not found'));
		const connect = sharedConnection(fake.context, EXAMPLE_SERVICE);
		const first = await connect().catch((error: unknown) => error);
		const second = await connect().catch((error: unknown) => error);
		expect(first).toBeInstanceOf(NodeOperationError);
		expect((first as Error).message).toBe('Credentials not found');
		expect(second).not.toBe(first);
		expect(fake.credentialReads).toBe(1);
	});
});

describe('scopeOf', () => {
	test('a hook or webhook context gets a scope of its own (item 0, default retries) and sends through it', async () => {
		const fake = fakeService([{ statusCode: 200, body: Buffer.from('{}') }], undefined, 2);
		const connection = await connectService(fake.context, EXAMPLE_SERVICE);
		const scope = scopeOf(fake.context, connection);
		expect({
			itemIndex: scope.itemIndex,
			maxRetries: scope.retryPolicy.maxRetries,
			nodeVersion: scope.nodeVersion,
		}).toEqual({ itemIndex: 0, maxRetries: 3, nodeVersion: 2 });
		const response = await sendServiceRequest(scope, { method: 'GET', path: '/ping' });
		expect(response.statusCode).toBe(200);
		expect(fake.requests.map(({ url, authenticated }) => ({ url, authenticated }))).toEqual([
			{ url: 'https://api.example.test/ping', authenticated: true },
		]);
	});
});
