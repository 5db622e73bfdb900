/**
 * The loopback fault suite runs over Node's own http client: nock's interceptor (loaded
 * by the mocked suite's setup) changes how streamed answers arrive, so a stream or size
 * case could pass or fail for a reason that does not exist in n8n.
 */
import { nockIsLoaded } from './harness/nativeHttp';

beforeAll(() => {
	if (nockIsLoaded())
		throw new Error('nock is loaded in this worker: run test/faults with jest.loopback.config.js');
});
