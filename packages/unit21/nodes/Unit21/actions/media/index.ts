/**
 * The media operations, registered once for every object type (each a resource). The
 * router looks them up here and the node's description is built from here.
 */
import { resourceProperties } from '@idv-documents/shared/descriptions/operations';
import { RESOURCES } from '../../objectTypes';
import * as addMedia from './addMedia.operation';

export const operations = { addMedia };

export const description = resourceProperties(
	RESOURCES.map((resource) => resource.value),
	operations,
	'addMedia',
);
