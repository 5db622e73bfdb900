/**
 * One node run's link to a service: the credential and its environment resolved once,
 * the pace, the timeout and the bound on requests in flight, and the ItemScope that
 * carries all of it (with the item and its retry policy) to every request.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { Semaphore } from '../run/concurrency';
import { defaultEnvironment, resolveBaseUrl } from './environments';
import { RateGate } from './rateGate';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { secretForms } from './secrets';
import type { ServiceContext, ServiceDefinition } from './service';

/** One node run's link to a service: resolved once, shared by the run's items. */
export interface ServiceConnection {
	service: ServiceDefinition;
	baseUrl: string;
	/** The credential's environment, its default when unset (for error wording). */
	environment: string;
	credentials: IDataObject;
	/** Every form of the credential's secrets (as stored, as sent), masked in what users see. */
	secrets: string[];
	/** Paces every request of this node run to the service. */
	gate: RateGate;
	/** Longest silence from the service per attempt. */
	timeoutMs?: number;
	/** Bounds this node run's requests in flight (retries included). */
	requestsInFlight: Semaphore;
}

/** Per node run: how many requests in flight at once, how fast, and how long to wait. */
export interface ConnectionControl {
	maxRequestsInFlight?: number;
	requestsPerSecond?: number;
	timeoutMs?: number;
}

/**
 * What every request of one item needs, in one object, so nothing is threaded by hand:
 * the context, the run's connection (pace, timeout, bound on requests in flight), the
 * item the request is for, and the item's retry policy.
 */
export interface ItemScope<Context extends ServiceContext = ServiceContext> {
	/** The n8n context: IExecuteFunctions for operations, a webhook's or hook's for triggers. */
	readonly context: Context;
	readonly connection: ServiceConnection;
	readonly itemIndex: number;
	readonly retryPolicy: RetryPolicy;
	/** The node's typeVersion, for behaviour that changes between versions. */
	readonly nodeVersion: number;
	/** When the item's requests may go; none without "continue on error" means any time. */
	readonly admission?: RequestAdmission;
}

/**
 * Lets the run decide when an item's requests may go (run/stopOnFailure.ts): items
 * begin in input order, and none begins after one failed. Both throw ItemNotStarted
 * for an item the run refuses.
 */
export interface RequestAdmission {
	/** Awaited before a request queues for a slot in flight. */
	awaitTurn(): Promise<void>;
	/** Awaited inside the slot, pace taken, right before the request goes out. */
	beforeSending(): Promise<void>;
}

/**
 * A scope for work that is not about input items: a trigger's webhook() or hook
 * methods. Item 0 and the default retry policy unless told otherwise.
 */
export function scopeOf<Context extends ServiceContext>(
	context: Context,
	connection: ServiceConnection,
	options: { itemIndex?: number; retryPolicy?: RetryPolicy } = {},
): ItemScope<Context> {
	return {
		context,
		connection,
		itemIndex: options.itemIndex ?? 0,
		retryPolicy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
		nodeVersion: context.getNode().typeVersion,
	};
}

/** Resolves the credential and its environment once per node run. */
export async function connectService(
	context: ServiceContext,
	service: ServiceDefinition,
	control: ConnectionControl = {},
	itemIndex = 0,
): Promise<ServiceConnection> {
	const credentials = await context.getCredentials(service.credentialType, itemIndex);
	// As stored and as sent: a server echoes what it received, the trimmed and joined key.
	const secrets = secretForms(credentials, service.secretFields);
	const environment =
		(credentials.environment as string | undefined) || defaultEnvironment(service.environments);
	let baseUrl: string;
	try {
		baseUrl = resolveBaseUrl(
			service.environments,
			environment,
			credentials.baseUrl as string | undefined,
		);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, { itemIndex });
	}
	const gate = new RateGate({
		requestsPerSecond: control.requestsPerSecond,
		sleep: async (ms) => await sleep(ms),
	});
	const requestsInFlight = new Semaphore(control.maxRequestsInFlight ?? Number.POSITIVE_INFINITY);
	return {
		service,
		baseUrl,
		environment,
		credentials,
		secrets,
		gate,
		timeoutMs: control.timeoutMs,
		requestsInFlight,
	};
}

/**
 * Connects on first use and shares the connection across the run's items; a broken
 * credential then fails each item (so "continue on error" still yields every item).
 */
export function sharedConnection(
	context: ServiceContext,
	service: ServiceDefinition,
	control: ConnectionControl = {},
): () => Promise<ServiceConnection> {
	let connection: Promise<ServiceConnection> | undefined;
	return async () => {
		connection ??= connectService(context, service, control);
		// Each item gets its own error object: items name themselves in it.
		return await connection.catch((error: Error & { description?: string }) => {
			throw new NodeOperationError(context.getNode(), error.message, {
				description: error.description ?? undefined,
			});
		});
	};
}
