import type { INodeProperties } from 'n8n-workflow';

import { operationProperties } from '@idv-documents/shared/descriptions/operations';
import {
	optionsCollection,
	readResendWhenUnsure,
	resendWhenUnsureOption,
} from '@idv-documents/shared/descriptions/requestControl';
import type { DescribeDone } from '@idv-documents/shared/run/perItem';
import type { OperationExecute } from '@idv-documents/shared/run/router';
import { optionsOf } from '@idv-documents/shared/run/runControl';
import { checkEntityId, checkOrgName, entityInputFailure, entityWriteOutput } from '../../entities';
import { deleteAllEntityMedia } from '../../transport';
import { entityIdField } from './fields';

export const option = {
	name: 'Delete All Media',
	action: 'Delete all media of an entity',
	description:
		'Remove every file linked to the entity, e.g. before a re-sync adds the current ones (Add Media adds, it never replaces)',
};

const properties: INodeProperties[] = [
	entityIdField('Your own ID of the entity, as you sent it to Unit21 (not the Unit21 ID)'),
	optionsCollection([
		{
			...resendWhenUnsureOption,
			description:
				'Whether Max Retries may resend the deletion after a failure that can follow processing (a connection cut after sending, a 500). Off: it is resent only after a 429, a 423, a 503 with Retry-After or a refused connection, so media linked meanwhile by someone else is not deleted by a second attempt.',
		},
	]),
];

export const description = operationProperties('entity', 'deleteAllMedia', properties);

export const execute: OperationExecute = async function (item) {
	const { itemIndex } = item;
	const rawEntityId = this.getNodeParameter('entityId', itemIndex, '');
	let entityId: string;
	try {
		entityId = checkEntityId(rawEntityId);
		checkOrgName(item.connection.credentials);
	} catch (error) {
		throw entityInputFailure(this, itemIndex, error);
	}
	const options = optionsOf(this, itemIndex);
	const answer = await deleteAllEntityMedia(item, {
		entityId,
		resendWhenUnsure: readResendWhenUnsure(options),
	});
	// Unit21 documents an empty object: then say what happened. Anything more is its own answer, unchanged.
	return entityWriteOutput(this, itemIndex, answer, { entityId, deleted: true });
};

/** An entity whose media was deleted, for the error of a stopped run. */
export const describeDone: DescribeDone = (_outputs, { context, itemIndex }) => {
	// Unit21's answer need not name the entity: the ID sent, checked as it was then.
	const entityId = checkEntityId(context.getNodeParameter('entityId', itemIndex, ''));
	return `media of entity ${entityId} deleted`;
};
