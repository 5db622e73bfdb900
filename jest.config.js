/**
 * Two runs, never one worker for both: nock patches Node's http module for a whole worker
 * process and changes how streamed answers arrive, so the loopback fault suite
 * (test/faults, real sockets) runs apart, without nock (jest.loopback.config.js).
 * `npm test` runs both.
 * @type {import('jest').Config}
 */
const base = {
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	// The shared workspace package is read from its sources, as the bundler reads it.
	moduleNameMapper: { '^@idv-documents/shared/(.*)$': '<rootDir>/packages/shared/$1' },
	testTimeout: 30000,
	setupFiles: ['<rootDir>/test/setup-env.js'],
	// Each test file gets its own binary data folder.
	maxWorkers: 2,
};

module.exports = {
	...base,
	base,
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
	setupFilesAfterEnv: ['<rootDir>/test/setup-nock.ts'],
};
