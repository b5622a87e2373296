// What the Official Account and WeCom emulators share for temporary media (PROTOCOL.md §3.5):
// the upload and download routes, reading the multipart field `media` of an upload, and answering
// a download with the stored bytes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { queryOf, type Handler } from './emulator-kit.js';

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

export interface MediaPlatform {
  uploadMedia(type: string, data: Buffer, contentType: string, filename: string): unknown;
  getMedia(mediaId: string): { data: Buffer; contentType: string; filename: string } | undefined;
}

export interface MediaRouteOptions {
  state: MediaPlatform;
  /** The emulator's token check and injected failures around a handler. */
  guarded: (api: string, handler: Handler) => Handler;
  /** The platform's `{errcode, errmsg}` body. */
  error: (errcode: number, hint?: string) => unknown;
  /** Where inbound image messages' PicUrl points (the platform's CDN, fetched without a token). */
  cdnPath: string;
}

/** `POST /cgi-bin/media/upload`, `GET /cgi-bin/media/get` and the CDN path, alike on both platforms. */
export function registerMediaRoutes(app: FastifyInstance, o: MediaRouteOptions): void {
  app.post(
    '/cgi-bin/media/upload',
    o.guarded('media/upload', async (req) => {
      if (!req.isMultipart()) return o.error(41005);
      const file = await readMediaUpload(req);
      if (!file) return o.error(41005, 'multipart field media');
      return o.state.uploadMedia(String(queryOf(req).type ?? ''), file.data, file.mimetype, file.filename);
    }),
  );
  const sendMedia = (mediaId: unknown, reply: FastifyReply) => {
    const m = typeof mediaId === 'string' ? o.state.getMedia(mediaId) : undefined;
    return m ? sendStoredMedia(reply, m) : o.error(40007);
  };
  app.get('/cgi-bin/media/get', o.guarded('media/get', (req, reply) => sendMedia(queryOf(req).media_id, reply)));
  app.get<{ Params: { mediaId: string } }>(`${o.cdnPath}/:mediaId`, (req, reply) => sendMedia(req.params.mediaId, reply));
}
