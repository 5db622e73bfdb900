/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * Runs nodes the way n8n does: n8n-core's WorkflowExecute, a real BinaryDataService
 * in filesystem mode (files on disk, items carry only references), and credentials
 * applied by the credential type's `authenticate` (a function, or a generic template).
 */
import { Container } from '@n8n/di';
import { mkdtempSync, rmSync } from 'fs';
import {
	BinaryDataService,
	ExecutionLifecycleHooks,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IBinaryData,
	IConnections,
	IExecuteFunctions,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
	Workflow as WorkflowType,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';
import { tmpdir } from 'os';
import { join } from 'path';

import { CREDENTIAL_TYPES, NODE_TYPE_NAMES, PACKAGE_NODE_TYPES } from './packages';

/** The package prefix of node types that tests add themselves (extraNodeTypes). */
const HARNESS_PACKAGE = 'n8n-nodes-harness';

/** n8n's binary data mode for this run: filesystem (n8n 2.x's default) unless IDV_BINARY_MODE=default (memory). */
export const BINARY_MODE: 'filesystem' | 'default' =
	process.env.IDV_BINARY_MODE === 'default' ? 'default' : 'filesystem';

/** A node's full type: a package node's (`n8n-nodes-unit21.unit21`, `…unit21Tool`) or a test's own. */
function fullTypeName(name: string): string {
	const toolOf = name.endsWith('Tool') ? NODE_TYPE_NAMES[name.slice(0, -'Tool'.length)] : undefined;
	return NODE_TYPE_NAMES[name] ?? (toolOf ? `${toolOf}Tool` : `${HARNESS_PACKAGE}.${name}`);
}

/** Each node also as the "…Tool" type n8n derives for AI Agents (usableAsTool), which runs the same class. */
const NODE_TYPES: Record<string, INodeType | IVersionedNodeType> = {
	...PACKAGE_NODE_TYPES,
	...Object.fromEntries(
		Object.entries(PACKAGE_NODE_TYPES)
			// Triggers have no Tool variant.
			.filter(([, nodeType]) => !nodeType.description.name.endsWith('Trigger'))
			.map(([type, nodeType]) => [`${type}Tool`, nodeType]),
	),
};

let binaryDataService: BinaryDataService | undefined;
let storagePath: string | undefined;

/** One BinaryDataService per test file (filesystem mode unless IDV_BINARY_MODE says otherwise), as n8n registers it. */
export async function binaryData(): Promise<BinaryDataService> {
	if (binaryDataService) return binaryDataService;
	storagePath = mkdtempSync(join(tmpdir(), 'idv-binary-'));
	const config = {
		// n8n's production default; IDV_BINARY_MODE=default runs the suite with binaries held in memory.
		mode: BINARY_MODE,
		availableModes: ['filesystem'],
		localStoragePath: storagePath,
		signingSecret: 'test-signing-secret',
		dbMaxFileSize: 512,
	};
	const errorReporter = { error: () => undefined, warn: () => undefined, info: () => undefined };
	const logger = {
		debug: () => undefined,
		info: () => undefined,
		warn: () => undefined,
		error: () => undefined,
		scoped: () => logger,
	};
	const service = new BinaryDataService(config as never, errorReporter as never, logger as never);
	await service.init();
	Container.set(BinaryDataService, service);
	binaryDataService = service;
	return service;
}

export function cleanUpBinaryData(): void {
	if (storagePath) rmSync(storagePath, { recursive: true, force: true });
	binaryDataService = undefined;
	storagePath = undefined;
}

export async function binaryBytes(binary: IBinaryData | undefined): Promise<Buffer> {
	if (!binary) throw new Error('no binary data');
	return await (await binaryData()).getAsBuffer(binary);
}

class HarnessCredentialsHelper {
	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: WorkflowType,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = CREDENTIAL_TYPES[typeName];
		const authenticate = type?.authenticate;
		// As n8n's CredentialsHelper: a function is called, a generic template resolved.
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic') {
			throw new Error(`credential type ${typeName} has no authenticate`);
		}
		// Same resolution as n8n's CredentialsHelper: expressions see $credentials.
		const resolve = (value: unknown): unknown =>
			typeof value === 'string' && value.startsWith('=')
				? workflow.expression.getSimpleParameterValue(
						node,
						value,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					)
				: value;
		const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, inner] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(inner as Record<string, unknown>)) {
				options[outerKey] = {
					...(options[outerKey] ?? {}),
					[String(resolve(key))]: resolve(value),
				};
			}
		}
		return requestOptions;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getDecrypted(
		_additionalData: unknown,
		nodeCredentials: { id: string | null },
		type: string,
	) {
		const data = this.credentials[type];
		if (!data) throw new Error(`no credential of type ${type} given to the harness`);
		if (nodeCredentials.id !== `${type}-id`)
			throw new Error(`node refers to credential ${nodeCredentials.id}`);
		return { ...data };
	}

	getCredentialsProperties(type: string) {
		return CREDENTIAL_TYPES[type]?.properties ?? [];
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

export interface InputFile {
	/** Bytes of the file, stored through the binary data service like any upstream node's. */
	content: Buffer;
	fileName?: string;
	mimeType?: string;
}

export interface InputItem {
	json?: Record<string, unknown>;
	binary?: Record<string, InputFile>;
}

/** The description of a node that exists only in tests: one main input and output, no parameters. */
export function testNodeDescription(
	displayName: string,
	description: string,
	version = 1,
): INodeTypeDescription {
	return {
		displayName,
		name: displayName.replace(/\W/g, ''),
		group: ['transform'],
		version,
		description,
		defaults: { name: displayName },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};
}

/** An upstream node that emits the given items, storing their files as n8n binary data. */
function inputNodeType(items: InputItem[]): INodeType {
	return {
		description: testNodeDescription('Harness Input', 'Emits test items'),
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const output: INodeExecutionData[] = [];
			for (const item of items) {
				const binary: Record<string, IBinaryData> = {};
				for (const [key, file] of Object.entries(item.binary ?? {})) {
					binary[key] = await this.helpers.prepareBinaryData(
						file.content,
						file.fileName,
						file.mimeType,
					);
					if (file.fileName === undefined) delete binary[key].fileName;
				}
				output.push({ json: (item.json ?? {}) as never, ...(item.binary ? { binary } : {}) });
			}
			return [output];
		},
	};
}

export interface NodeUnderTest {
	name: string;
	/** Node type name without the package prefix, e.g. `socureRiskOs`. */
	type: string;
	parameters: Record<string, unknown>;
	/** The node's "On Error" setting "Continue (using regular output)"; `onError` wins when both are set. */
	continueOnFail?: boolean;
	/** The node's "On Error" setting; `continueErrorOutput` gives the node a second main output for failed items. */
	onError?: INode['onError'];
	/** The node's typeVersion in the workflow (default 1); must be one the node declares. */
	typeVersion?: number;
}

export interface WorkflowResult {
	run: IRun;
	/**
	 * The items a node output on one main output (last run): 0 the first; with On Error
	 * "Continue (using error output)", 1 is the error output.
	 */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/**
	 * A node's items as continue on error leaves them (main output 0): each item's JSON
	 * `field`, or its error, with its pairing.
	 */
	outcomes(nodeName: string, field: string): unknown[][];
	/** The error that stopped the workflow, if any. */
	error:
		| (Error & { description?: string; httpCode?: string; context?: Record<string, unknown> })
		| undefined;
}

/** The versions a node type declares, whether it is one class or a VersionedNodeType. */
function declaredVersions(nodeType: INodeType | IVersionedNodeType): number[] {
	if ('nodeVersions' in nodeType) return Object.keys(nodeType.nodeVersions).map(Number);
	const { version } = nodeType.description;
	return Array.isArray(version) ? version : [version];
}

type NodeTypeMap = Record<string, INodeType | IVersionedNodeType>;

function nodeTypesFor(extra: NodeTypeMap = {}): { map: NodeTypeMap; nodeTypes: INodeTypes } {
	const map: NodeTypeMap = { ...NODE_TYPES, ...extra };
	return {
		map,
		nodeTypes: {
			getByName: (type) => map[type] as INodeType,
			getByNameAndVersion: (type, version) =>
				NodeHelpers.getVersionedNodeType(map[type], version) as INodeType,
			getKnownTypes: () => ({}),
		},
	};
}

/** Package nodes from specs, wired to their credentials (`<type>-id`) as n8n stores them. */
function packageNodes(specs: NodeUnderTest[], map: NodeTypeMap, firstPosition: number): INode[] {
	return specs.map((spec, index) => {
		const nodeType = map[fullTypeName(spec.type)];
		if (!nodeType) throw new Error(`unknown node type ${spec.type}`);
		const typeVersion = spec.typeVersion ?? 1;
		const declared = declaredVersions(nodeType);
		if (!declared.includes(typeVersion))
			throw new Error(`${spec.type} has no version ${typeVersion} (it has ${declared.join(', ')})`);
		const described = NodeHelpers.getVersionedNodeType(nodeType, typeVersion).description;
		const credentialNames = (described.credentials ?? []).map((credential) => credential.name);
		return {
			id: `node-${index}`,
			name: spec.name,
			type: fullTypeName(spec.type),
			typeVersion,
			position: [200 * (index + firstPosition), 0] as [number, number],
			parameters: spec.parameters as INode['parameters'],
			credentials: Object.fromEntries(
				credentialNames.map((name) => [name, { id: `${name}-id`, name }]),
			),
			...(spec.onError
				? { onError: spec.onError }
				: spec.continueOnFail
					? { onError: 'continueRegularOutput' as const }
					: {}),
			...(described.webhooks?.length ? { webhookId: `webhook-${index}` } : {}),
		};
	});
}

function linearConnections(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let index = 0; index < nodes.length - 1; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: NodeConnectionTypes.Main, index: 0 }]],
		};
	}
	return connections;
}

function workflowBase(nodes: INode[], connections: IConnections): IWorkflowBase {
	return {
		id: 'harness-workflow',
		name: 'Harness',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
}

function harnessAdditionalData(
	mode: WorkflowExecuteMode,
	executionId: string,
	workflowData: IWorkflowBase,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new HarnessCredentialsHelper(credentials),
		hooks: new ExecutionLifecycleHooks(mode, executionId, workflowData),
		executionId,
		workflowId: workflowData.id,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
		executeWorkflow: async () => {
			throw new Error('not supported in the harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('not supported in the harness');
		},
		...extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}

function resultOf(run: IRun): WorkflowResult {
	const runData = run.data.resultData.runData;
	const output = (nodeName: string, outputIndex = 0) => {
		const tasks = runData[nodeName];
		if (!tasks?.length) return [];
		return tasks[tasks.length - 1].data?.main?.[outputIndex] ?? [];
	};
	return {
		run,
		output,
		outcomes: (nodeName, field) =>
			output(nodeName).map((item) => [item.json[field] ?? item.json.error, item.pairedItem]),
		error: run.data.resultData.error as WorkflowResult['error'],
	};
}

/** Runs Input → nodes[0] → nodes[1] → … and returns what each node produced. */
export async function runChain(options: {
	input: InputItem[];
	nodes: NodeUnderTest[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** More node types by name without the package prefix, e.g. a versioned stand-in. */
	extraNodeTypes?: NodeTypeMap;
	/** Cancels the execution when it settles, as the editor's Stop button or a timeout does. */
	cancelWhen?: Promise<unknown>;
}): Promise<WorkflowResult> {
	await binaryData();
	const executionId = `exec-${Math.random().toString(36).slice(2)}`;
	const { map, nodeTypes } = nodeTypesFor({
		...Object.fromEntries(
			Object.entries(options.extraNodeTypes ?? {}).map(([name, type]) => [
				`${HARNESS_PACKAGE}.${name}`,
				type,
			]),
		),
		'harness.input': inputNodeType(options.input),
	});
	const inputNode: INode = {
		id: 'input',
		name: 'Input',
		type: 'harness.input',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes: INode[] = [inputNode, ...packageNodes(options.nodes, map, 1)];
	const connections = linearConnections(nodes);
	const workflowData = workflowBase(nodes, connections);
	const workflow = new Workflow({
		id: workflowData.id,
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: {},
	});
	const additionalData = harnessAdditionalData(
		'manual',
		executionId,
		workflowData,
		options.credentials ?? {},
	);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: inputNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	void options.cancelWhen?.then(() => execution.cancel());
	return resultOf(await execution);
}

export interface WebhookRequest {
	headers: Record<string, string>;
	/** The bytes as sent; n8n keeps them as `rawBody` beside the parsed `body`. */
	rawBody: Buffer;
}

export interface WebhookAnswer {
	statusCode: number;
	body: unknown;
}

export interface DeliveryResult {
	/** What the node's webhook() returned. */
	returned: IWebhookResponseData;
	/** What the node answered itself (refusals, ignored deliveries); undefined when n8n answers. */
	answered: WebhookAnswer | undefined;
	/** The execution the delivery started, if any. */
	execution: WorkflowResult | undefined;
}

/** A minimal express-like response that records what a node sends. */
function recordingResponse() {
	const answer: { statusCode: number; body?: unknown; sent: boolean } = {
		statusCode: 200,
		sent: false,
	};
	const response = {
		status(code: number) {
			answer.statusCode = code;
			return response;
		},
		json(body: unknown) {
			answer.body = body;
			answer.sent = true;
			return response;
		},
		send(body: unknown) {
			answer.body = body;
			answer.sent = true;
			return response;
		},
		end() {
			answer.sent = true;
			return response;
		},
		setHeader() {
			return response;
		},
	};
	return { response, answer };
}

/**
 * A trigger's workflow as n8n's webhook server runs it: the node's webhook() in
 * n8n-core's WebhookContext with the request, then (when it returns workflowData) an
 * execution that starts at the trigger with that data, through WorkflowExecute.
 * Static data persists between deliveries as n8n saves it (JSON in the workflow).
 */
let webhookWorkflows = 0;

export function webhookWorkflow(options: {
	trigger: NodeUnderTest;
	nodes?: NodeUnderTest[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** `webhook` for a production URL, `manual` for "Listen for test event". */
	mode?: 'webhook' | 'manual';
}) {
	const { map, nodeTypes } = nodeTypesFor();
	const nodes = packageNodes([options.trigger, ...(options.nodes ?? [])], map, 0);
	const connections = linearConnections(nodes);
	// Each call is its own workflow, as in n8n: nothing a trigger remembers is shared between them.
	const workflowData = {
		...workflowBase(nodes, connections),
		id: `harness-webhook-${++webhookWorkflows}`,
	};
	const mode = options.mode ?? 'webhook';
	let savedStaticData = '{}';
	const triggerType = NodeHelpers.getVersionedNodeType(
		map[nodes[0].type],
		nodes[0].typeVersion,
	) as INodeType;

	return {
		staticData: () => JSON.parse(savedStaticData) as Record<string, unknown>,
		async deliver(request: WebhookRequest): Promise<DeliveryResult> {
			// Read when the delivery arrives, as n8n loads the workflow (and its static data) from
			// the database then: deliveries started together all see the same stored state.
			const staticData = JSON.parse(savedStaticData) as IDataObject;
			await binaryData();
			const workflow = new Workflow({
				id: workflowData.id,
				nodes,
				connections,
				active: mode === 'webhook',
				nodeTypes,
				settings: {},
				staticData,
			});
			const executionId = `exec-${Math.random().toString(36).slice(2)}`;
			const { response, answer } = recordingResponse();
			const headers = Object.fromEntries(
				Object.entries(request.headers).map(([key, value]) => [key.toLowerCase(), value]),
			);
			let body: unknown = {};
			try {
				body = JSON.parse(request.rawBody.toString('utf8'));
			} catch {
				body = {};
			}
			const httpRequest = {
				headers,
				body,
				rawBody: request.rawBody,
				query: {},
				params: {},
				method: 'POST',
			};
			const additionalData = harnessAdditionalData(
				mode,
				executionId,
				workflowData,
				options.credentials ?? {},
				{
					httpRequest: httpRequest as never,
					httpResponse: response as never,
				},
			);
			const description = triggerType.description.webhooks![0];
			const webhookData: IWebhookData = {
				httpMethod: 'POST',
				node: nodes[0].name,
				path: `${nodes[0].webhookId}/${String(description.path)}`,
				webhookDescription: description,
				workflowId: workflowData.id,
				workflowExecuteAdditionalData: additionalData,
				webhookId: nodes[0].webhookId,
				isTest: mode === 'manual',
			};
			const context = new WebhookContext(
				workflow,
				nodes[0],
				additionalData,
				mode,
				webhookData,
				[],
				null,
			);
			const returned = await triggerType.webhook!.call(context);
			// n8n saves the static data the webhook changed before anything else runs.
			savedStaticData = JSON.stringify(workflow.staticData);
			let execution: WorkflowResult | undefined;
			if (returned.workflowData !== undefined) {
				const runExecutionData = createRunExecutionData({
					executionData: {
						nodeExecutionStack: [
							{ node: nodes[0], data: { main: returned.workflowData }, source: null },
						],
					},
				});
				const run = await new WorkflowExecute(
					additionalData,
					mode,
					runExecutionData,
				).processRunExecutionData(workflow);
				execution = resultOf(run);
			}
			return {
				returned,
				answered: answer.sent ? { statusCode: answer.statusCode, body: answer.body } : undefined,
				execution,
			};
		},
	};
}

/**
 * For a test file whose HTTP is all nock: no real connection leaves the process, each
 * test's interceptors are dropped after it, and the file's binary data is removed.
 */
export function useOfflineHttp(nockModule: {
	disableNetConnect(): void;
	enableNetConnect(): void;
	cleanAll(): void;
}): void {
	beforeAll(() => nockModule.disableNetConnect());
	afterEach(() => nockModule.cleanAll());
	afterAll(() => {
		nockModule.enableNetConnect();
		cleanUpBinaryData();
	});
}
