// Verifik document liveness records in the two documented shapes, nested and the older flat
// one: the simulator answers with them and the mocked suite's fixtures build on them.
'use strict';

const PASSED_PORTRAIT = { passed: true, score: 0.88, details: 'No portrait substitution detected' };

/**
 * A completed check in the nested shape, its image saved at `imageUrl`: `identity` (client,
 * appRegistration, createdAt) after the _id, every validation passed but the portrait
 * substitution given.
 * @param {string} id
 * @param {Record<string, unknown>} identity
 * @param {string} imageUrl
 * @param {{ portraitSubstitution?: Record<string, unknown>, riskScore?: number }} [verdict]
 */
function nestedRecord(id, identity, imageUrl, verdict = {}) {
	return {
		_id: id,
		...identity,
		status: 'completed',
		imageSaved: true,
		imageUrl,
		validationResults: {
			screenReplay: { passed: true, score: 0.95, details: 'No screen replay detected' },
			printedCopy: { passed: true, score: 0.9, details: 'No printed copy detected' },
			portraitSubstitution: verdict.portraitSubstitution ?? PASSED_PORTRAIT,
			digitalManipulation: {
				passed: true,
				score: 0.92,
				details: 'No digital manipulation detected',
			},
		},
		calibrationSettings: {
			screenReplayCalibration: 'REGULAR',
			printedCopyCalibration: 'REGULAR',
			portraitSubstitutionCalibration: 'REGULAR',
		},
		validationFlags: { ignoreDocumentCroppedValidation: false, ignoreColourLessValidation: false },
		riskScore: verdict.riskScore ?? 0.05,
		confidence: 0.91,
	};
}

/**
 * The older flat shape (`sreenReplay`: Verifik's typo), image not saved, `identity` after the _id.
 * @param {string} id
 * @param {Record<string, unknown>} [identity]
 */
function flatRecord(id, identity = {}) {
	return {
		_id: id,
		...identity,
		status: 'completed',
		imageSaved: false,
		sreenReplayScore: 0.02,
		sreenReplayProbability: 'LOW',
		printedCopyScore: 0.1,
		printedCopyProbability: 'LOW',
		portraitSubstitutionWarnings: [],
		digitalManipulationScore: 0.03,
	};
}

module.exports = { nestedRecord, flatRecord };
