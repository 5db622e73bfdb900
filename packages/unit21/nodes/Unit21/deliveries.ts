/**
 * What a Unit21 webhook body says, in the shape workflows branch on. Bodies are
 * documented per object (alerts, cases, entities…): `object_type` and `change` name
 * the event (ALERT + CREATED is ALERT_CREATED), `entities[]` lists the objects'
 * entities by your own `entity_id`.
 */
import type { IDataObject } from 'n8n-workflow';

export const UNIT21_EVENTS = [
	['ALERT_CREATED', 'An alert was triggered'],
	['ALERT_REOPENED', 'A closed alert was re-opened'],
	['ALERT_CLOSED', 'An alert was closed'],
	['ALERT_ACTION_TRIGGERED', 'An agent clicked an alert action button'],
	['ALERT_COMPONENT_ACTION_TRIGGERED', 'An alert component action button was clicked'],
	['CASE_CREATED', 'A case was created'],
	['CASE_REOPENED', 'A closed case was re-opened'],
	['CASE_CLOSED', 'A case was closed'],
	['CASE_ACTION_TRIGGERED', 'A case action ran'],
	['ENTITY_FLAGGED', 'An entity was flagged'],
	['ENTITY_ACTION_TRIGGERED', 'An entity action ran'],
	['EVENT_ACTION_TRIGGERED', 'An event action button was selected'],
	['RULE_TRIGGERED', 'A rule ran'],
	['VERIFICATION_WORKFLOW_EXECUTED', 'A verification workflow ran'],
	['FILE_EXPORT_READY', 'An export is ready'],
].map(([value, description]) => ({ name: value, value, description }));

/** `ALERT_CREATED` from `object_type: "ALERT"` and `change: "CREATED"`; undefined when either is missing. */
export function unit21EventType(body: IDataObject): string | undefined {
	const objectType = typeof body.object_type === 'string' ? body.object_type.trim() : '';
	const change = typeof body.change === 'string' ? body.change.trim() : '';
	return objectType && change ? `${objectType}_${change}`.toUpperCase() : undefined;
}

/** Your own IDs of the entities a delivery concerns, once each, in order. */
export function entityIdsOf(body: IDataObject): string[] {
	const ids: string[] = [];
	const add = (value: unknown) => {
		if ((typeof value === 'string' && value) || typeof value === 'number') ids.push(String(value));
	};
	if (Array.isArray(body.entities)) {
		for (const entity of body.entities as unknown[]) {
			if (entity && typeof entity === 'object') add((entity as IDataObject).entity_id);
			else add(entity);
		}
	}
	// An entity event is about the entity itself.
	if (typeof body.object_type === 'string' && body.object_type.toUpperCase() === 'ENTITY')
		add(body.entity_id);
	return [...new Set(ids)];
}
