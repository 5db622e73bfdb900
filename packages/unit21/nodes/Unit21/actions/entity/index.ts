/**
 * The entity's operations: Add Media, as every object type has it (its parameters are
 * described with ../media), then the entity's own.
 */
import { operationSelectors } from '@idv-documents/shared/descriptions/operations';
import * as media from '../media';
import * as createOrUpdate from './createOrUpdate.operation';
import * as deleteAllMedia from './deleteAllMedia.operation';

export const operations = { ...media.operations, createOrUpdate, deleteAllMedia };

export const description = [
	...operationSelectors('entity', operations, 'addMedia'),
	...createOrUpdate.description,
	...deleteAllMedia.description,
];
