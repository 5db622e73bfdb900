/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	// The shared workspace package is read from its sources, as the bundler reads it.
	moduleNameMapper: { '^@idv-documents/shared/(.*)$': '<rootDir>/packages/shared/$1' },
	testTimeout: 30000,
	setupFiles: ['<rootDir>/test/setup-env.js'],
	setupFilesAfterEnv: ['<rootDir>/test/setup-nock.ts'],
	// Each test file gets its own binary data folder and nock scope.
	maxWorkers: 2,
};
