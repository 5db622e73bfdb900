import {
	detectMimeType,
	extensionFromMimeType,
	fileExtension,
	safeFileName,
	sniffMimeType,
	withExtension,
} from '@idv-documents/shared/files/fileTypes';
import { fakeJpeg, fakePdf, fakePng } from '../../fixtures/zip';

describe('MIME types', () => {
	test('magic bytes win over the extension', () => {
		expect(sniffMimeType(fakeJpeg('a'))).toBe('image/jpeg');
		expect(sniffMimeType(fakePng('a'))).toBe('image/png');
		expect(sniffMimeType(fakePdf('a'))).toBe('application/pdf');
		expect(sniffMimeType(Buffer.from('GIF89a....'))).toBe('image/gif');
		expect(sniffMimeType(Buffer.from([0x49, 0x49, 0x2a, 0x00, 1, 2]))).toBe('image/tiff');
		expect(detectMimeType(fakePng('a'), 'photo.jpg')).toBe('image/png');
		expect(detectMimeType(Buffer.from('hello'), 'notes.txt')).toBe('text/plain');
		expect(detectMimeType(Buffer.from('??'), 'blob')).toBe('application/octet-stream');
	});

	test('extensions', () => {
		expect(fileExtension('a/b/Doc_Selfie_1_blob.JPG')).toBe('jpg');
		expect(fileExtension('.hidden')).toBe('');
		expect(fileExtension('noext')).toBe('');
		expect(extensionFromMimeType('image/jpeg; charset=binary')).toBe('jpg');
		expect(withExtension('front', 'image/png')).toBe('front.png');
		expect(withExtension('front.jpg', 'image/png')).toBe('front.jpg');
		expect(withExtension('blob', 'application/x-unknown')).toBe('blob');
	});
});

describe('safe file names from untrusted ZIP paths', () => {
	test.each([
		[
			'user_uploaded/document_verification/documentfrontDoc_Front_1_blob.jpg',
			'documentfrontDoc_Front_1_blob.jpg',
		],
		['../../etc/passwd', 'passwd'],
		['/absolute/path/selfie.jpg', 'selfie.jpg'],
		['C:\\Users\\x\\front.jpg', 'front.jpg'],
		['evil/..', 'evil'],
		['dir/na\u0000me\u001f.jpg', 'name.jpg'],
		['a/...hidden.jpg', 'hidden.jpg'],
		['a/what?<>.pdf', 'what___.pdf'],
		['../', 'file'],
		['invoice\u202Egpj.exe', 'invoicegpj.exe'],
		['a\u200Bb\u200Dc\u2066d\u2069e\uFEFFf\u0085g\u061Ch.pdf', 'abcdefgh.pdf'],
	])('%j → %j', (input, expected) => {
		expect(safeFileName(input)).toBe(expected);
	});

	test('long names keep their extension', () => {
		const name = safeFileName(`${'x'.repeat(300)}.jpg`);
		expect(name.length).toBe(200);
		expect(name.endsWith('.jpg')).toBe(true);
	});

	test('long names are cut between code points, never inside a surrogate pair', () => {
		const name = safeFileName(`${'😀'.repeat(300)}.jpg`);
		expect(name).toBe(`${'😀'.repeat(62)}.jpg`);
		expect(safeFileName('😀'.repeat(300))).toBe('😀'.repeat(63));
	});

	test.each([
		[`${'😀'.repeat(300)}.jpg`, 252],
		[`${'é'.repeat(199)}.pdf`, 254],
		[`${'日'.repeat(150)}.jpeg`, 254],
		['😀'.repeat(64), 252],
		[`${'a'.repeat(150)}${'é'.repeat(50)}.JPG`, 246],
	])(
		'%#: at most 200 characters and 255 UTF-8 bytes, the extension kept as written',
		(input, bytes) => {
			const name = safeFileName(input);
			expect(Buffer.byteLength(name)).toBe(bytes);
			expect(Buffer.from(name).toString()).toBe(name);
			expect(name.slice(-4)).toBe(input.slice(-4));
		},
	);
});
