/**
 * What the shared layer needs to know about a service, handed to it by the service's
 * own folder: this folder names no service. And the narrow shape of the n8n contexts it
 * works with, so a trigger's webhook() and its hook methods can use it as well as execute().
 */
import type {
	BinaryHelperFunctions,
	IExecuteFunctions,
	RequestHelperFunctions,
} from 'n8n-workflow';

import type { EnvironmentTable } from './environments';

export interface ApiErrorWording {
	message: string;
	description?: string;
}

export interface StatusDetails {
	/** The credential's environment (its default when unset). */
	environment: string;
	/** The service's own words from the error body, if any. */
	said?: string;
}

export interface ServiceDefinition {
	/** The service as users know it, e.g. in "… answered HTTP 418". */
	title: string;
	/** The credential type name, e.g. `socureRiskOsApi`. */
	credentialType: string;
	/** Credential fields that hold secrets, masked in anything a user sees. */
	secretFields: readonly string[];
	/** The service's hosts; the first is the credential's default. */
	environments: EnvironmentTable;
	/**
	 * Wording, by HTTP status, for answers that mean the same whatever was asked (a
	 * rejected key, a spent rate limit). A call's own wording comes first; generic advice
	 * is the fallback.
	 */
	statusWording?: Partial<Record<number, (details: StatusDetails) => ApiErrorWording>>;
}

/**
 * What the transport uses of an n8n context. IExecuteFunctions, IWebhookFunctions and
 * IHookFunctions all have it.
 */
export interface ServiceContext {
	getNode: IExecuteFunctions['getNode'];
	getCredentials: IExecuteFunctions['getCredentials'];
	logger: IExecuteFunctions['logger'];
	helpers: Pick<RequestHelperFunctions, 'httpRequest' | 'httpRequestWithAuthentication'>;
	/** Aborted when the execution is canceled; operations have it, webhook contexts do not. */
	getExecutionCancelSignal?: () => AbortSignal | undefined;
}

/** The execution's cancel signal, when the context runs in an execution that has one. */
export function executionCancelSignal(context: ServiceContext): AbortSignal | undefined {
	return typeof context.getExecutionCancelSignal === 'function'
		? context.getExecutionCancelSignal()
		: undefined;
}

/** What storing a binary uses: IExecuteFunctions and IWebhookFunctions have it. */
export interface BinaryContext {
	helpers: Pick<BinaryHelperFunctions, 'prepareBinaryData'>;
}
