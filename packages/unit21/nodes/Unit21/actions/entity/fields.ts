import type { INodeProperties } from 'n8n-workflow';

/** The Entity ID parameter of the entity operations, which pass the item's files on to Add Media. */
export function entityIdField(description: string): INodeProperties {
	return {
		displayName: 'Entity ID',
		name: 'entityId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'u-3593dece-6642-4cdc-8547-aafc1454e0a0',
		description,
		hint: 'The input item’s files pass through, so Add Media can follow this node directly',
	};
}
