// Delivery-proof photo bytes. The courier's system stores the picture the courier took; the
// sandbox renders a small placeholder PNG per waybill so the whole upload → 客服消息 image path runs.
import { deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';

import type { ProofPhotoLoader } from '../domain/media.js';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

/** A 64×48 PNG whose colour derives from the waybill: stable, valid, tiny. */
export function placeholderPng(waybill: string): Buffer {
  const [r, g, b] = createHash('sha1').update(waybill).digest();
  const w = 64;
  const h = 48;
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++) row.set([r!, g!, b!], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export const sandboxProofPhotos: ProofPhotoLoader = async (waybill) => ({ data: placeholderPng(waybill), contentType: 'image/png', filename: `${waybill}.png` });

/**
 * The courier's own system: the proof's `photo` is a URL (docs/courier-api.md, DeliveryProof).
 * A missing proof or an unreachable photo is an error the send job retries, then gives up on.
 */
export function httpProofPhotos(proofOf: (waybill: string) => Promise<{ photo: string } | null>, timeoutMs = 5000): ProofPhotoLoader {
  return async (waybill) => {
    const proof = await proofOf(waybill);
    if (!proof) throw new Error(`no delivery proof for ${waybill}`);
    const res = await fetch(proof.photo, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`proof photo answered HTTP ${res.status}`);
    const contentType = res.headers.get('content-type') ?? 'image/jpeg';
    return { data: Buffer.from(await res.arrayBuffer()), contentType, filename: `${waybill}.${contentType.includes('png') ? 'png' : 'jpg'}` };
  };
}
