/**
 * The Unit21 objects media can be added to, each a resource of the Unit21 node: their
 * names in words, and the IDs that address them.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export type Unit21ObjectType = 'entity' | 'event' | 'alert' | 'case';

export const OBJECT_TYPES: Record<
	Unit21ObjectType,
	{ name: string; article: string; plural: string }
> = {
	entity: { name: 'Entity', article: 'an entity', plural: 'entities' },
	event: { name: 'Event', article: 'an event', plural: 'events' },
	alert: { name: 'Alert', article: 'an alert', plural: 'alerts' },
	case: { name: 'Case', article: 'a case', plural: 'cases' },
};

/** The object types as the node's resources, in the order the Resource dropdown shows them. */
export const RESOURCES = (Object.keys(OBJECT_TYPES) as Unit21ObjectType[]).map((value) => ({
	value,
	...OBJECT_TYPES[value],
}));

/** Entity and event IDs are the customer's own: 1–128 of the documented characters. */
const CUSTOMER_ID = /^[-_:.@a-zA-Z0-9!#$%&*+/=?^`{']{1,128}$/;
/** Alert and case IDs are assigned by Unit21. */
const UNIT21_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isCustomerIdType(objectType: Unit21ObjectType): boolean {
	return objectType === 'entity' || objectType === 'event';
}

/** The object's ID, trimmed, or an error naming the field (`label`) and what to enter. */
export function checkObjectId(
	context: IExecuteFunctions,
	objectType: Unit21ObjectType,
	raw: unknown,
	label: string,
	itemIndex: number,
): string {
	const id = String(raw ?? '').trim();
	const pattern = isCustomerIdType(objectType) ? CUSTOMER_ID : UNIT21_ID;
	// "." and ".." pass encodeURIComponent and URL parsing resolves them: the upload would go to another path.
	if (!pattern.test(id) || /^\.+$/.test(id)) {
		throw new NodeOperationError(
			context.getNode(),
			id ? `${label} "${id}" is not a valid Unit21 ${objectType} ID` : `${label} is empty`,
			{
				itemIndex,
				description: isCustomerIdType(objectType)
					? `Use 1 to 128 characters of letters, digits and -_:.@!#$%&*+/=?^\`{', not dots alone (your own ${objectType} ID).`
					: `Use the Unit21 ID of the ${objectType}: letters, digits, - or _, e.g. 571485314.`,
			},
		);
	}
	return id;
}
