/** What the mocked and the loopback jest runs share (see jest.config.js). */
module.exports = {
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
