/**
 * The media operations, registered for the object types that have only them (event,
 * alert, case) and described once for all four: Add Media's parameters show for
 * entities too, whose registration (../entity) adds its own operations.
 */
import { resourceProperties } from '@idv-documents/shared/descriptions/operations';
import { RESOURCES } from '../../objectTypes';
import * as addMedia from './addMedia.operation';

export const operations = { addMedia };

export const description = resourceProperties(
	RESOURCES.map((resource) => resource.value).filter((resource) => resource !== 'entity'),
	operations,
	'addMedia',
);
