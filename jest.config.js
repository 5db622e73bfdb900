/**
 * Two runs, never one worker for both: nock patches Node's http module for a whole worker
 * process and changes how streamed answers arrive, so the loopback fault suite
 * (test/faults, real sockets) runs apart, without nock (jest.loopback.config.js).
 * `npm test` runs both.
 */
const base = require('./jest.base.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
	setupFilesAfterEnv: ['<rootDir>/test/setup-nock.ts'],
};
