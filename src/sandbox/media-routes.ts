// What the Official Account and WeCom emulators share for temporary media (PROTOCOL.md §3.5):
// reading the multipart field `media` of an upload, and answering a download with the stored bytes.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface UploadedFile {
  data: Buffer;
  mimetype: string;
  filename: string;
}

/** The first file in the multipart field `media`; undefined when the request carries none. */
export async function readMediaUpload(req: FastifyRequest): Promise<UploadedFile | undefined> {
  if (!req.isMultipart()) return undefined;
  let file: UploadedFile | undefined;
  for await (const part of req.parts()) {
    if (part.type !== 'file') continue;
    const data = await part.toBuffer(); // every part is consumed, or the request never ends
    if (part.fieldname === 'media' && !file) file = { data, mimetype: part.mimetype, filename: part.filename };
  }
  return file;
}

const safeFilename = (name: string) => name.replace(/[^\w.-]/g, '_').slice(0, 100) || 'media';

export function sendStoredMedia(reply: FastifyReply, m: { data: Buffer; contentType: string; filename: string }) {
  return reply.type(m.contentType).header('content-disposition', `attachment; filename="${safeFilename(m.filename)}"`).send(m.data);
}
