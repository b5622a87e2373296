// Thin JSON/multipart/binary helpers over Node's global fetch for the platform APIs. Every call has
// a deadline (AbortSignal.timeout); a body with a non-zero `errcode` becomes a PlatformApiError,
// no answer at all a PlatformUnreachableError (PROTOCOL.md §3.7). URLs carry the access_token in
// the query, so they are never put into an error message.
import { PlatformApiError, PlatformUnreachableError } from './api-error.js';

export const DEFAULT_TIMEOUT_MS = 5000;

export type JsonObject = Record<string, unknown>;

export interface RequestOptions {
  /** Name used in errors; defaults to the URL path after `/cgi-bin/`. */
  api?: string;
  timeoutMs?: number;
  /**
   * Integer fields that may exceed 2^53 (template `msgid`): their digits are kept as a string
   * instead of being rounded by JSON.parse.
   */
  bigIntFields?: readonly string[];
}

export interface MultipartFile {
  field: string;
  data: Buffer;
  filename: string;
  contentType: string;
}

export interface BinaryResponse {
  contentType: string;
  data: Buffer;
}

/** `https://host/cgi-bin/message/custom/send?access_token=…` → `message/custom/send`. */
export function apiName(url: string): string {
  const path = new URL(url).pathname;
  const i = path.indexOf('/cgi-bin/');
  return i >= 0 ? path.slice(i + '/cgi-bin/'.length) : path.replace(/^\//, '');
}

export async function postJson(url: string, body: unknown, opts: RequestOptions = {}): Promise<JsonObject> {
  const res = await request(url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) }, opts);
  return readJson(res, opts, url);
}

export async function getJson(url: string, opts: RequestOptions = {}): Promise<JsonObject> {
  const res = await request(url, { method: 'GET' }, opts);
  return readJson(res, opts, url);
}

/** multipart/form-data upload (OA media/upload uses the field `media`, PROTOCOL.md §3.5). */
export async function postMultipart(
  url: string,
  file: MultipartFile,
  opts: RequestOptions = {},
  fields: Record<string, string> = {},
): Promise<JsonObject> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.filename);
  const res = await request(url, { method: 'POST', body: form }, opts);
  return readJson(res, opts, url);
}

/**
 * Downloads raw bytes (OA media/get). The platform reports errors in a JSON body (sometimes
 * labelled text/plain), so such a body with a non-zero errcode is thrown, not returned.
 */
export async function getBinary(url: string, opts: RequestOptions = {}): Promise<BinaryResponse> {
  const api = opts.api ?? apiName(url);
  const res = await request(url, { method: 'GET' }, opts);
  const contentType = res.headers.get('content-type') ?? 'application/octet-stream';
  const data = Buffer.from(await readBody(res, api, (r) => r.arrayBuffer()));
  if (/json|text\/plain/i.test(contentType)) {
    const parsed = tryParse(data.toString('utf8'));
    if (parsed) throwIfError(parsed, api, res.status);
  }
  if (!res.ok) throw httpError(api, res.status);
  return { contentType, data };
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

async function request(url: string, init: RequestInit, opts: RequestOptions): Promise<Response> {
  const api = opts.api ?? apiName(url);
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
  } catch (e) {
    throw new PlatformUnreachableError(api, describe(e), e);
  }
}

async function readBody<T>(res: Response, api: string, read: (r: Response) => Promise<T>): Promise<T> {
  try {
    return await read(res);
  } catch (e) {
    // The deadline also covers the body; a reset mid-body is as good as no answer.
    throw new PlatformUnreachableError(api, describe(e), e);
  }
}

async function readJson(res: Response, opts: RequestOptions, url: string): Promise<JsonObject> {
  const api = opts.api ?? apiName(url);
  const text = await readBody(res, api, (r) => r.text());
  const parsed = tryParse(quoteBigInts(text, opts.bigIntFields));
  if (parsed) throwIfError(parsed, api, res.status);
  if (!res.ok) throw httpError(api, res.status);
  if (!parsed) {
    throw new PlatformApiError({ api, errcode: -1, errmsg: 'response is not a JSON object', kind: 'permanent' });
  }
  return parsed;
}

function throwIfError(body: JsonObject, api: string, status: number): void {
  const errcode = body.errcode;
  if (typeof errcode === 'number' && errcode !== 0) {
    const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
    throw new PlatformApiError({ api, errcode, errmsg, ...(status >= 300 ? { cause: `HTTP ${status}` } : {}) });
  }
}

const httpError = (api: string, status: number) =>
  new PlatformApiError({ api, errcode: -1, errmsg: `HTTP ${status}`, httpStatus: status });

function tryParse(text: string): JsonObject | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

function quoteBigInts(text: string, fields: readonly string[] | undefined): string {
  if (!fields?.length) return text;
  let out = text;
  for (const f of fields) out = out.replace(new RegExp(`("${f}"\\s*:\\s*)(-?\\d+)`, 'g'), '$1"$2"');
  return out;
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
    const cause = (e as { cause?: { code?: unknown } }).cause;
    return typeof cause?.code === 'string' ? cause.code : e.message;
  }
  return String(e);
}
