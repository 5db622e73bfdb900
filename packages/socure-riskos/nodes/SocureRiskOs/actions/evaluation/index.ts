/**
 * The Evaluation resource: its operations, registered once. The router looks them up
 * here and the node's description is built from here.
 */
import { resourceProperties } from '@idv-documents/shared/descriptions/operations';
import * as downloadDocuments from './downloadDocuments.operation';
import * as get from './get.operation';
import * as updateState from './updateState.operation';

export const operations = { downloadDocuments, get, updateState };

export const description = resourceProperties('evaluation', operations, 'downloadDocuments');
