// What Socure's documents endpoint returns, with real images: the documented layout
// (user_uploaded/document_verification/…, vouched_id_verification/…, case_attachments/…).
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const { buildZip } = require('./zip-writer');

const FIXTURES = path.join(__dirname, 'fixtures');
const cache = new Map();

function sampleImage(name) {
	const file = {
		front: 'front.jpg',
		back: 'back.jpg',
		selfie: 'selfie.jpg',
		frontRetry: 'front-retry.png',
	}[name];
	if (!cache.has(file)) cache.set(file, fs.readFileSync(path.join(FIXTURES, file)));
	return cache.get(file);
}

/** Makes a JPEG unique to an evaluation with a comment segment right after SOI; still a valid JPEG. */
function personalisedJpeg(jpeg, label) {
	const text = Buffer.from(`evaluation ${label}`);
	const segment = Buffer.alloc(4);
	segment.writeUInt16BE(0xfffe, 0);
	segment.writeUInt16BE(text.length + 2, 2);
	return Buffer.concat([jpeg.subarray(0, 2), segment, text, jpeg.subarray(2)]);
}

/** A small, valid one-page PDF with a line of text (xref offsets computed). */
function pdf(text) {
	const stream = `BT /F1 14 Tf 40 100 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let body = '%PDF-1.4\n';
	const offsets = [];
	objects.forEach((object, index) => {
		offsets.push(body.length);
		body += `${index + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xref = body.length;
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}

/** The files of an evaluation, by ZIP path. `retried`: a second front capture as PNG and no selfie. */
function documentFiles(evaluationId, variant = 'standard') {
	const files = [
		[
			'user_uploaded/document_verification/documentfrontDoc_Front_1_blob.jpg',
			personalisedJpeg(sampleImage('front'), evaluationId),
		],
		[
			'user_uploaded/document_verification/documentbackDoc_Back_1_blob.jpg',
			personalisedJpeg(sampleImage('back'), evaluationId),
		],
	];
	if (variant === 'retried') {
		files.push([
			'user_uploaded/document_verification/documentfrontDoc_Front_2_blob.png',
			sampleImage('frontRetry'),
		]);
	} else {
		files.push([
			'user_uploaded/vouched_id_verification/Doc_Selfie_1_blob.jpg',
			personalisedJpeg(sampleImage('selfie'), evaluationId),
		]);
	}
	files.push(['case_attachments/identity.pdf', pdf(`Identity review for ${evaluationId}`)]);
	files.push([
		'case_attachments/additional_doc.pdf',
		pdf(`Additional document for ${evaluationId}`),
	]);
	return files;
}

/** Five 20 MB JPEG-headed files, stored: a 100 MB archive whose largest entry is 20 MB. */
function largeFiles(evaluationId) {
	const size = 20 * 1024 * 1024;
	return ['front', 'back', 'selfie', 'extra_1', 'extra_2'].map((name, index) => {
		const content = Buffer.alloc(size, index + 1);
		sampleImage('front').copy(content, 0, 0, 2);
		content.write(evaluationId, 16);
		const folder = name === 'selfie' ? 'vouched_id_verification' : 'document_verification';
		const fileName =
			{
				front: 'documentfrontDoc_Front_1_blob.jpg',
				back: 'documentbackDoc_Back_1_blob.jpg',
				selfie: 'Doc_Selfie_1_blob.jpg',
			}[name] || `${name}.jpg`;
		return [`user_uploaded/${folder}/${fileName}`, content];
	});
}

/**
 * Bytes like a camera JPEG's or a scanned PDF's body: random, with the skew that lets deflate
 * save about a tenth (a real archive of such files: 2.18 MB unzipped, 1.95 MB zipped).
 * Seeded, so every run serves the same bytes.
 */
function jpegLikeBytes(size, seed) {
	const bytes = Buffer.allocUnsafe(size);
	let state = seed >>> 0 || 1;
	for (let index = 0; index < size; index++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		const value = state >>> 0;
		// One byte in four from a small alphabet (JPEG's 0x00 stuffing, markers, flat areas).
		bytes[index] = (value & 0x300) === 0 ? [0x00, 0xff, 0x80, 0x7f][value >>> 30] : value >>> 24;
	}
	return bytes;
}

/** The realistic archive's files: name, the fixed body, and how each evaluation's copy begins. */
const REALISTIC = [
	['user_uploaded/document_verification/documentfrontDoc_Front_1_blob.jpg', 900 * 1024, 'jpeg'],
	['user_uploaded/document_verification/documentbackDoc_Back_1_blob.jpg', 800 * 1024, 'jpeg'],
	['user_uploaded/vouched_id_verification/Doc_Selfie_1_blob.jpg', 300 * 1024, 'jpeg'],
	['case_attachments/identity.pdf', 100 * 1024, 'pdf'],
	['case_attachments/additional_doc.pdf', 90 * 1024, 'pdf'],
];
/** The upload benchmark's input: one 1 MB photo per archive. */
const ONE_MB_PHOTO = [
	'user_uploaded/document_verification/documentfrontDoc_Front_1_blob.jpg',
	1024 * 1024,
	'jpeg',
];
let realisticBodies;

/** A head unique to the evaluation, as a deflate stored block that does not end the stream. */
function storedHead(head) {
	const block = Buffer.alloc(5);
	block.writeUInt16LE(head.length, 1);
	block.writeUInt16LE(~head.length & 0xffff, 3);
	return Buffer.concat([block, head]);
}

/**
 * A realistic evaluation archive (about 2 MB, five deflated entries), as the list of its
 * pieces (the simulator writes them one after another). Each file is a head
 * naming the evaluation plus a body deflated once per process: the head goes first as a
 * stored deflate block, so each evaluation gets distinct files without deflating 2 MB
 * per request (which would slow the simulator, not the node under test).
 */
function realisticZip(evaluationId, variant = 'evaluation') {
	realisticBodies ??= [...REALISTIC, ONE_MB_PHOTO].map(([, size], index) => {
		const body = jpegLikeBytes(size, 0x9e3779b9 * (index + 1));
		return { body, deflated: zlib.deflateRawSync(body), crc: zlib.crc32(body) };
	});
	const files =
		variant === 'photo'
			? [[ONE_MB_PHOTO, REALISTIC.length]]
			: REALISTIC.map((file, index) => [file, index]);
	return buildZip(
		files.map(([[name, , kind], index]) => {
			const head =
				kind === 'jpeg'
					? personalisedJpeg(Buffer.from([0xff, 0xd8]), evaluationId)
					: Buffer.from(`%PDF-1.4\n% evaluation ${evaluationId}\n`, 'latin1');
			const { body, deflated, crc } = realisticBodies[index];
			return {
				name,
				method: 'deflated',
				deflated: [storedHead(head), deflated],
				crc: zlib.crc32(body, zlib.crc32(head)),
				declaredSize: head.length + body.length,
			};
		}),
		{ asParts: true },
	);
}

function documentsZip(evaluationId, variant = 'standard') {
	if (variant === 'realistic') return realisticZip(evaluationId);
	if (variant === 'photo') return realisticZip(evaluationId, 'photo');
	if (variant === 'large')
		return buildZip(
			largeFiles(evaluationId).map(([name, content]) => ({ name, content, method: 'stored' })),
		);
	const entries = [];
	const folders = new Set();
	for (const [name, content] of documentFiles(evaluationId, variant)) {
		const parts = name.split('/');
		for (let depth = 1; depth < parts.length; depth++) {
			const folder = `${parts.slice(0, depth).join('/')}/`;
			if (!folders.has(folder)) {
				folders.add(folder);
				entries.push({ name: folder, method: 'stored' });
			}
		}
		// JPEGs and PNGs are already compressed: stored, as most ZIP tools do; PDFs deflated.
		entries.push({ name, content, method: name.endsWith('.pdf') ? 'deflated' : 'stored' });
	}
	return buildZip(entries);
}

module.exports = { documentsZip, realisticZip, documentFiles, sampleImage, pdf };
