/**
 * The description pieces both trigger nodes share, and the Test of their webhook
 * credential; the events fields are in webhookEventFilter.ts.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	INodeProperties,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/**
 * A trigger fed by one POST webhook that answers the sender itself
 * (lib/webhookDelivery.ts), with no inputs and one output.
 */
export const webhookTriggerShape: Pick<
	INodeTypeDescription,
	'group' | 'version' | 'inputs' | 'outputs' | 'webhooks'
> = {
	group: ['trigger'],
	version: 1,
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
};

/** The notice at the top of a trigger: where in the service's UI to paste the webhook URL. */
export function setupNotice(text: string): INodeProperties {
	return { displayName: text, name: 'setupNotice', type: 'notice', default: '' };
}

/** A trigger's Options collection, sorted by name (a trigger that downloads adds its download options). */
export function triggerOptions(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/**
 * The Test button of a trigger's webhook credential (the node's `testedBy` method). The
 * service calls n8n, so there is nothing to call: the Test fails with `missing` when the
 * secret is not filled in as each delivery's check reads it, else says `saved`.
 */
export function webhookSecretTest(
	isFilledIn: (data: ICredentialDataDecryptedObject) => boolean,
	missing: string,
	saved: string,
) {
	return async function (
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		if (!isFilledIn(credential.data ?? {})) return { status: 'Error', message: missing };
		return { status: 'OK', message: saved };
	};
}
