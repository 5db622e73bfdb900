import { nockIsLoaded } from '../harness/nativeHttp';

// Fails when the fault suite runs with nock loaded (as it did under the mocked suite's setup).
test('the loopback fault suite talks to its servers through Node’s own http client', () => {
	expect(nockIsLoaded()).toBe(false);
});
