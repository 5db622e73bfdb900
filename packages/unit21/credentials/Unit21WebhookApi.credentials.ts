import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret key Unit21 signs each webhook delivery with (System → Webhooks, shown
 * beside the webhook). n8n never sends it anywhere: the Unit21 Trigger recomputes
 * each delivery's signature with it.
 */
export class Unit21WebhookApi implements ICredentialType {
	name = 'unit21WebhookApi';

	displayName = 'Unit21 Webhook API';

	icon: Icon = { light: 'file:../icons/unit21.svg', dark: 'file:../icons/unit21.dark.svg' };

	documentationUrl =
		'https://github.com/idv-documents/n8n-nodes-idv-documents/blob/main/docs/webhooks.md#unit21-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The webhook's secret key from Unit21 → System → Webhooks (20 characters); each webhook has its own",
		},
	];
}
