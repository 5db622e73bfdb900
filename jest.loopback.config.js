/** The loopback fault suite: real sockets, and nock never loaded (see jest.config.js). */
const base = require('./jest.base.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/faults'],
	testMatch: ['**/*.test.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/setup-loopback.ts'],
};
