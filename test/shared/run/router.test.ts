import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeProperties,
	INodeType,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	findOperation,
	route,
	runOperation,
	type NodeOperations,
} from '@idv-documents/shared/run/router';
import { OPTIONS_COLLECTION, REQUEST_CONTROL } from '@idv-documents/shared/run/runControl';
import type { ServiceContext } from '@idv-documents/shared/http/service';
import type { ItemScope } from '@idv-documents/shared/http/connection';
import { sendServiceRequest } from '@idv-documents/shared/http/request';
import { SocureRiskOs } from '../../../packages/socure-riskos/nodes/SocureRiskOs/SocureRiskOs.node';
import { SOCURE_OPERATIONS } from '../../../packages/socure-riskos/nodes/SocureRiskOs/actions';
import { Unit21 } from '../../../packages/unit21/nodes/Unit21/Unit21.node';
import { UNIT21_OPERATIONS } from '../../../packages/unit21/nodes/Unit21/actions';
import { Verifik } from '../../../packages/verifik/nodes/Verifik/Verifik.node';
import { VERIFIK_OPERATIONS } from '../../../packages/verifik/nodes/Verifik/actions';
import { EXAMPLE_SERVICE, fakeService } from '../../fixtures/serviceContext';

// The shared layer takes the contexts a trigger's webhook() and hook methods get (compile-time check).
export const contextsTheLayerAccepts: ServiceContext[] = [
	{} as IExecuteFunctions,
	{} as IWebhookFunctions,
	{} as IHookFunctions,
];

/** n8n's execute context over the given items' parameters, answering every request 200 {}. */
function fakeRun(parameters: IDataObject[], typeVersion = 1) {
	const ok = { statusCode: 200, body: Buffer.from('{}') };
	const service = fakeService(
		parameters.map(() => ok),
		undefined,
		typeVersion,
	);
	const context = {
		...service.context,
		getInputData: () => parameters.map(() => ({ json: {} })),
		continueOnFail: () => false,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			parameters[itemIndex][name] ?? fallback,
	} as unknown as IExecuteFunctions;
	return Object.assign(service, { context });
}

describe('findOperation', () => {
	const operations = { thing: { get: { execute: async () => [] } } } satisfies NodeOperations;

	test('finds a registered operation, nothing else', () => {
		expect(findOperation(operations, { resource: 'thing', operation: 'get' })).toBe(
			operations.thing.get,
		);
		expect(findOperation(operations, { resource: 'thing', operation: 'delete' })).toBeUndefined();
		expect(findOperation(operations, { resource: 'other', operation: 'get' })).toBeUndefined();
	});

	test('inherited names are not operations', () => {
		for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
			expect(findOperation(operations, { resource: 'thing', operation: name })).toBeUndefined();
			expect(findOperation(operations, { resource: name, operation: 'get' })).toBeUndefined();
		}
	});
});

describe('route', () => {
	test('an operation the node does not have is a clear error, before any request', async () => {
		const run = fakeRun([{ resource: 'thing', operation: 'delete' }]);
		const operations = { thing: { get: { execute: async () => [] } } };
		const failure = await route(run.context, operations, EXAMPLE_SERVICE).catch(
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as Error).message).toBe('The operation "delete" of "thing" is not supported');
		expect(run.credentialReads).toBe(0);
	});

	test('runs the selected operation, once per item', async () => {
		const run = fakeRun([
			{ resource: 'thing', operation: 'get' },
			{ resource: 'thing', operation: 'get' },
		]);
		const seen: number[] = [];
		const operations = {
			thing: {
				get: {
					execute: async (item: ItemScope) => (
						seen.push(item.itemIndex),
						[{ json: { item: item.itemIndex } }]
					),
				},
				other: {
					execute: async () => {
						throw new Error('not this one');
					},
				},
			},
		};
		const [output] = await route(run.context, operations, EXAMPLE_SERVICE);
		expect(seen.sort()).toEqual([0, 1]);
		expect(output.map((item) => item.json)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('the per-item scope', () => {
	test("carries the item, its own Max Retries, the run's one connection (pace and Timeout from item 0) and the node version", async () => {
		const run = fakeRun(
			[
				{
					[OPTIONS_COLLECTION]: {
						[REQUEST_CONTROL.maxRetries]: 0,
						[REQUEST_CONTROL.timeoutSeconds]: 7,
						[REQUEST_CONTROL.requestsPerSecond]: 5,
					},
				},
				{
					[OPTIONS_COLLECTION]: {
						[REQUEST_CONTROL.maxRetries]: 5,
						[REQUEST_CONTROL.timeoutSeconds]: 99,
					},
				},
				{},
			],
			3,
		);
		const scopes: ItemScope[] = [];
		await runOperation(run.context, EXAMPLE_SERVICE, async function (item) {
			scopes.push(item);
			await sendServiceRequest(item, { method: 'GET', path: `/things/${item.itemIndex}` });
			return [];
		});
		scopes.sort((a, b) => a.itemIndex - b.itemIndex);
		expect(scopes.map((scope) => scope.itemIndex)).toEqual([0, 1, 2]);
		expect(scopes.map((scope) => scope.retryPolicy.maxRetries)).toEqual([0, 5, 3]);
		expect(scopes.map((scope) => scope.nodeVersion)).toEqual([3, 3, 3]);
		expect(new Set(scopes.map((scope) => scope.connection)).size).toBe(1);
		expect(scopes[0].connection.timeoutMs).toBe(7000);
		expect(scopes[0].connection.baseUrl).toBe('https://api.example.test');
		expect(scopes[0].context).toBe(run.context);
		expect(run.credentialReads).toBe(1);
		expect(run.requests.map((request) => request.credentialType)).toEqual([
			'exampleApi',
			'exampleApi',
			'exampleApi',
		]);
		expect(run.requests.map((request) => request.url).sort()).toEqual(
			[0, 1, 2].map((index) => `https://api.example.test/things/${index}`),
		);
	});
});

describe('every registered operation', () => {
	const nodes: Array<[INodeType, NodeOperations]> = [
		[new SocureRiskOs(), SOCURE_OPERATIONS],
		[new Verifik(), VERIFIK_OPERATIONS],
		[new Unit21(), UNIT21_OPERATIONS],
	];

	function shownFor(property: INodeProperties, resource: string, operation: string): boolean {
		const show = property.displayOptions?.show ?? {};
		const resources = show.resource as string[] | undefined;
		const operations = show.operation as string[] | undefined;
		return (
			(!resources || resources.includes(resource)) &&
			(!operations || operations.includes(operation))
		);
	}

	test.each(nodes.map(([node, operations]) => [node.description.name, node, operations] as const))(
		'%s: is offered in the Operation list and shows the request-control options where the router reads them',
		(_name, node, operations) => {
			for (const [resource, byName] of Object.entries(operations)) {
				for (const operation of Object.keys(byName)) {
					const selector = node.description.properties.find(
						(property) => property.name === 'operation' && shownFor(property, resource, operation),
					);
					expect(selector?.options?.map((option) => (option as { value: string }).value)).toContain(
						operation,
					);
					const collection = node.description.properties.find(
						(property) =>
							property.name === OPTIONS_COLLECTION &&
							property.type === 'collection' &&
							shownFor(property, resource, operation),
					);
					const names = (collection?.options ?? []).map(
						(option) => (option as INodeProperties).name,
					);
					expect(names).toEqual(expect.arrayContaining(Object.values(REQUEST_CONTROL)));
				}
			}
		},
	);
});
