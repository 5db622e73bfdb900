/**
 * nock hooks Node's http for the whole worker process, and each test file loads its own
 * copy: without this, a later file in the same worker runs its real-socket requests
 * through every earlier file's hook, which keeps reading an answer the node abandoned.
 */
import nock from 'nock';

afterAll(() => {
	nock.restore();
});
