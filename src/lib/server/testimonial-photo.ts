// The optional photo of a testimonial: the type is read from the content (sharp decodes it; the
// name and the declared type are ignored), the size is bounded before and after, and what is
// stored is a new JPEG — turned upright, at most PHOTO_MAX_SIDE pixels a side, without EXIF, GPS
// or any other metadata (sharp writes none unless asked: https://sharp.pixelplumbing.com/api-output#withmetadata).
import sharp from 'sharp';

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_MAX_SIDE = 800;
const ACCEPTED = new Set(['jpeg', 'png', 'webp']);
// A small file may declare a huge image (a decompression bomb): refused before decoding.
const MAX_INPUT_PIXELS = 40_000_000;

export type PhotoResult = { ok: true; jpeg: Buffer; width: number; height: number } | { ok: false; message: string };

export async function processPhoto(input: Uint8Array): Promise<PhotoResult> {
	if (input.byteLength > PHOTO_MAX_BYTES) return { ok: false, message: `photo : ${PHOTO_MAX_BYTES / 1024 / 1024} Mo au plus` };
	let format: string | undefined;
	try {
		format = (await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
	} catch {
		format = undefined;
	}
	if (!format || !ACCEPTED.has(format)) return { ok: false, message: 'photo : une image JPEG, PNG ou WebP est attendue' };
	try {
		const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
			.rotate()
			.resize(PHOTO_MAX_SIDE, PHOTO_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
			.flatten({ background: '#ffffff' })
			.jpeg({ quality: 82, mozjpeg: true })
			.toBuffer({ resolveWithObject: true });
		return { ok: true, jpeg: data, width: info.width, height: info.height };
	} catch {
		return { ok: false, message: 'photo : image illisible ou trop grande' };
	}
}
