/**
 * The Document Liveness resource: its operations, registered once. The router looks
 * them up here and the node's description is built from here.
 */
import { resourceProperties } from '@idv-documents/shared/descriptions/operations';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations = { get, getMany, create };

export const description = resourceProperties('documentLiveness', operations, 'get');
