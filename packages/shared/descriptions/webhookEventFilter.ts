/** The event filter fields both trigger nodes show; lib/webhookDelivery.ts reads them. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The Events list (known types) and a free-text field for types the list lacks. */
export function eventFilterProperties(
	knownEvents: INodePropertyOptions[],
	otherExample: string,
): INodeProperties[] {
	return [
		{
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			default: [],
			options: knownEvents,
			description:
				'Which deliveries start the workflow; leave empty for all. Other deliveries are answered 200 and start nothing, so the sender does not retry them.',
		},
		{
			displayName: 'Other Event Types',
			name: 'otherEvents',
			type: 'string',
			default: '',
			placeholder: otherExample,
			description: 'Event types missing from the list, comma-separated; they are accepted too',
		},
	];
}
