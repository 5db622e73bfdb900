/**
 * The contract's chains, in one workflow each, with default parameters:
 * Socure RiskOS → Unit21 delivers each image with its name, media type and bytes.
 */
import nock from 'nock';

import { runChain, useOfflineHttp } from '../harness/engine';
import { TEST_CREDENTIALS } from '../fixtures/credentials';
import { parseMultipart } from '../fixtures/multipart';
import { DOCUMENT_PATHS, fakeJpeg, socureDocumentsZip } from '../fixtures/zip';

const EVAL = 'fb1ddadc-6dba-4ce4-aa6d-25c005b192b5';
const credentials = TEST_CREDENTIALS;

useOfflineHttp(nock);

/** Socure answers the documents request for EVAL with its ZIP; returns the files in it. */
function serveSocureDocuments() {
	const { archive, files } = socureDocumentsZip(EVAL);
	nock('https://riskos.sandbox.socure.com')
		.get(`/api/evaluation/${EVAL}/documents`)
		.reply(200, archive);
	return files;
}

const SOCURE_FILES_IN_ONE_ITEM = {
	name: 'Socure RiskOS',
	type: 'socureRiskOs',
	parameters: { evaluationId: EVAL, output: 'filesInOneItem' },
};

const unit21Node = (parameters: Record<string, unknown>) => ({
	name: 'Unit21',
	type: 'unit21',
	parameters,
});
const verifikNode = (parameters: Record<string, unknown>) => ({
	name: 'Verifik',
	type: 'verifik',
	parameters,
});

async function runFromEmptyItem(nodes: Parameters<typeof runChain>[0]['nodes']) {
	return await runChain({ input: [{ json: {} }], nodes, credentials });
}

function recordUnit21Uploads(times: number) {
	const uploads: Array<{ path: string; parts: ReturnType<typeof parseMultipart> }> = [];
	nock('https://sandbox1-api.unit21.com')
		.put(/link-media$/)
		.times(times)
		.reply(function (path, body) {
			const text = String(body);
			const raw = text.startsWith('--') ? Buffer.from(text, 'utf8') : Buffer.from(text, 'hex');
			uploads.push({ path, parts: parseMultipart(raw, String(this.req.headers['content-type'])) });
			return [200, '{}', { 'Content-Type': 'application/json' }];
		});
	return uploads;
}

test('Socure (download documents, defaults) → Unit21 (add media to entity, defaults)', async () => {
	const files = serveSocureDocuments();
	const uploads = recordUnit21Uploads(5);
	const result = await runFromEmptyItem([
		{ name: 'Socure RiskOS', type: 'socureRiskOs', parameters: { evaluationId: EVAL } },
		unit21Node({ entityId: 'customer-42' }),
	]);
	expect(result.error).toBeUndefined();
	expect(uploads).toHaveLength(5);
	expect(
		uploads.every((upload) => upload.path === '/v1/acme_bank/entities/customer-42/link-media'),
	).toBe(true);
	// Unit21 uploads run concurrently (Concurrency 4 by default): compare by file, not arrival order.
	const delivered = uploads.map(({ parts }) => ({
		fileName: parts[0].fileName,
		contentType: parts[0].contentType,
		mediaType: parts[1] ? JSON.parse(parts[1].content.toString()).media_type : undefined,
		bytes: parts[0].content,
	}));
	const byName = new Map(delivered.map((file) => [file.fileName, file]));
	expect(
		delivered
			.map(({ fileName, contentType, mediaType }) => [fileName, contentType, mediaType])
			.sort(),
	).toEqual(
		[
			['documentfrontDoc_Front_1_blob.jpg', 'image/jpeg', 'IMAGE_ID_CARD_FRONT'],
			['documentbackDoc_Back_1_blob.jpg', 'image/jpeg', 'IMAGE_ID_CARD_BACK'],
			['Doc_Selfie_1_blob.jpg', 'image/jpeg', 'IMAGE_FACE_IMAGE'],
			['identity.pdf', 'application/pdf', undefined],
			['additional_doc.pdf', 'application/pdf', undefined],
		].sort(),
	);
	expect(byName.get('documentfrontDoc_Front_1_blob.jpg')?.bytes.equals(files.front)).toBe(true);
	expect(byName.get('documentbackDoc_Back_1_blob.jpg')?.bytes.equals(files.back)).toBe(true);
	expect(byName.get('Doc_Selfie_1_blob.jpg')?.bytes.equals(files.selfie)).toBe(true);
	expect(byName.get('identity.pdf')?.bytes.equals(files.identityPdf)).toBe(true);
	expect(byName.get('additional_doc.pdf')?.bytes.equals(files.additionalPdf)).toBe(true);
	const out = result.output('Unit21');
	expect(out).toHaveLength(5);
	expect(out.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
});

test('Socure (all files in one item) → Unit21 (binary property *): one request per evaluation', async () => {
	const files = serveSocureDocuments();
	const uploads = recordUnit21Uploads(1);
	const result = await runFromEmptyItem([
		SOCURE_FILES_IN_ONE_ITEM,
		unit21Node({ entityId: 'customer-42', binaryPropertyName: '*' }),
	]);
	expect(result.error).toBeUndefined();
	expect(uploads).toHaveLength(1);
	const parts = uploads[0].parts;
	const fileParts = parts.filter((part) => part.fileName);
	expect(fileParts.map((part) => [part.name, part.fileName])).toEqual([
		['documentFront', 'documentfrontDoc_Front_1_blob.jpg'],
		['documentBack', 'documentbackDoc_Back_1_blob.jpg'],
		['selfie', 'Doc_Selfie_1_blob.jpg'],
		['attachment_1', 'identity.pdf'],
		['attachment_2', 'additional_doc.pdf'],
	]);
	const mediaTypes = Object.fromEntries(
		parts
			.filter((part) => !part.fileName)
			.map((part) => [part.name, JSON.parse(part.content.toString()).media_type]),
	);
	expect(mediaTypes).toEqual({
		documentFront: 'IMAGE_ID_CARD_FRONT',
		documentBack: 'IMAGE_ID_CARD_BACK',
		selfie: 'IMAGE_FACE_IMAGE',
	});
	expect(fileParts[2].content.equals(files.selfie)).toBe(true);
	expect(fileParts[4].content.equals(files.additionalPdf)).toBe(true);
	expect(DOCUMENT_PATHS.front).toContain(fileParts[0].fileName);
});

test('Verifik (get, download image) → Unit21 (add media to case) delivers the image with its file name', async () => {
	const jpeg = fakeJpeg('liveness-image');
	nock('https://api.verifik.co')
		.get('/v2/document-liveness/dl_77')
		.reply(200, {
			success: true,
			data: {
				_id: 'dl_77',
				imageUrl: 'https://cdn.verifik.co/images/dl_77.jpg',
				status: 'completed',
			},
		});
	nock('https://cdn.verifik.co').get('/images/dl_77.jpg').reply(200, jpeg);
	const uploads = recordUnit21Uploads(1);
	const result = await runFromEmptyItem([
		verifikNode({
			operation: 'get',
			documentLivenessId: 'dl_77',
			options: { downloadImage: true },
		}),
		unit21Node({ resource: 'case', caseId: '9001', mediaType: 'IMAGE_ID_CARD_FRONT' }),
	]);
	expect(result.error).toBeUndefined();
	expect(uploads[0].path).toBe('/v1/cases/9001/link-media');
	expect(uploads[0].parts[0].fileName).toBe('document-liveness-dl_77.jpg');
	expect(uploads[0].parts[0].content.equals(jpeg)).toBe(true);
	expect(JSON.parse(uploads[0].parts[1].content.toString()).media_type).toBe('IMAGE_ID_CARD_FRONT');
});

test("Socure (all files in one item) → Verifik (check the ID front) → Unit21: the checked image, byte for byte, with Verifik's verdict in custom_data", async () => {
	const files = serveSocureDocuments();
	const verdict = {
		_id: 'dl_new_1',
		status: 'completed',
		validationResults: {
			screenReplay: { passed: true, score: 0.95 },
			printedCopy: { passed: true, score: 0.9 },
			portraitSubstitution: { passed: false, score: 0.21 },
			digitalManipulation: { passed: true, score: 0.92 },
		},
		riskScore: 0.71,
		confidence: 0.91,
	};
	const sentToVerifik: Buffer[] = [];
	nock('https://api.verifik.co')
		.post('/v2/document-liveness', (body: { image: string }) =>
			Boolean(sentToVerifik.push(Buffer.from(body.image, 'base64'))),
		)
		.reply(200, { success: true, data: verdict });
	const uploads = recordUnit21Uploads(1);
	const result = await runFromEmptyItem([
		SOCURE_FILES_IN_ONE_ITEM,
		verifikNode({ operation: 'create', binaryPropertyName: 'documentFront' }),
		unit21Node({
			entityId: 'customer-42',
			binaryPropertyName: 'documentFront',
			mediaType: 'IMAGE_ID_CARD_FRONT',
			options: { customDataFields: '_id, status, validationResults, riskScore' },
		}),
	]);
	expect(result.error).toBeUndefined();
	expect(sentToVerifik).toHaveLength(1);
	expect(sentToVerifik[0].equals(files.front)).toBe(true);
	expect(uploads).toHaveLength(1);
	const [file, meta] = uploads[0].parts;
	expect([file.name, file.fileName, file.contentType]).toEqual([
		'documentFront',
		'documentfrontDoc_Front_1_blob.jpg',
		'image/jpeg',
	]);
	expect(file.content.equals(files.front)).toBe(true);
	expect(JSON.parse(meta.content.toString())).toEqual({
		media_type: 'IMAGE_ID_CARD_FRONT',
		custom_data: {
			_id: 'dl_new_1',
			status: 'completed',
			validationResults: verdict.validationResults,
			riskScore: 0.71,
		},
	});
	expect(result.output('Unit21')[0].json.files).toEqual([
		{
			property: 'documentFront',
			fileName: 'documentfrontDoc_Front_1_blob.jpg',
			mimeType: 'image/jpeg',
			mediaType: 'IMAGE_ID_CARD_FRONT',
			size: files.front.length,
		},
	]);
});
