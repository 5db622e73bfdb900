/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import * as http from 'http';

/** Whether nock (its request interceptor) has replaced Node's http client in this worker. */
export function nockIsLoaded(): boolean {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const native = require('_http_client') as { ClientRequest: unknown };
	return http.ClientRequest !== native.ClientRequest;
}
