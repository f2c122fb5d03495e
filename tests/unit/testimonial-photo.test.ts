// The testimonial photo through sharp, for real: a large photo with EXIF (a GPS position, an
// author) comes out as a JPEG of at most 800 px a side with no metadata; a text file named .jpg,
// a GIF and an oversized upload are refused with a message.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PHOTO_MAX_BYTES, PHOTO_MAX_SIDE, processPhoto } from '../../src/lib/server/testimonial-photo';
import { photoWithExif } from '../helpers/testimonials';

describe('testimonial photo', () => {
	it('resizes a large photo and strips its metadata', async () => {
		const input = await photoWithExif(2400, 1600);
		expect((await sharp(input).metadata()).exif).toBeDefined();
		const result = await processPhoto(input);
		if (!result.ok) throw new Error(result.message);
		const meta = await sharp(result.jpeg).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', PHOTO_MAX_SIDE, Math.round((PHOTO_MAX_SIDE * 1600) / 2400)]);
		expect([result.width, result.height]).toEqual([meta.width, meta.height]);
		expect(meta.exif).toBeUndefined();
		expect(result.jpeg.includes(Buffer.from('Auteur Secret'))).toBe(false);
	});

	it('keeps a small photo at its size and turns a PNG into a JPEG', async () => {
		const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: '#ff000080' } })
			.png()
			.toBuffer();
		const result = await processPhoto(png);
		if (!result.ok) throw new Error(result.message);
		expect([result.width, result.height, (await sharp(result.jpeg).metadata()).format]).toEqual([300, 200, 'jpeg']);
	});

	it('refuses what is not a JPEG, PNG or WebP image, whatever its name', async () => {
		const text = await processPhoto(Buffer.from('GIF89a… ceci est un texte, pas une image'));
		expect(text).toEqual({ ok: false, message: 'photo : une image JPEG, PNG ou WebP est attendue' });
		const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
			.gif()
			.toBuffer();
		expect((await processPhoto(gif)).ok).toBe(false);
		const big = await processPhoto(Buffer.alloc(PHOTO_MAX_BYTES + 1));
		expect(big).toEqual({ ok: false, message: 'photo : 5 Mo au plus' });
	});
});
