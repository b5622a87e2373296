// The Official Account custom menu (自定义菜单), kept as config/menu.json and checked here against the
// platform limits of PROTOCOL.md §3.6 before `menu/create` is called: 1–3 top buttons, 1–5 sub
// buttons, names ≤16 bytes (top) / ≤60 bytes (sub), key ≤128 bytes, url ≤1024 bytes, all UTF-8.
// The click keys below are what the inbound CLICK events carry as EventKey (§2.6).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CourierError } from '../../domain/errors.js';

export const MENU_TRACK = 'menu_track';
export const MENU_URGE = 'menu_urge';
export const MENU_CLAIM = 'menu_claim';
export const MENU_HUMAN = 'menu_human';
/** A pic_photo_or_album button: the event carries only MD5s, the photo arrives as an image (§2.6). */
export const MENU_PHOTO = 'menu_photo';

export const MENU_KEYS = [MENU_TRACK, MENU_URGE, MENU_CLAIM, MENU_HUMAN, MENU_PHOTO] as const;
export type MenuKey = (typeof MENU_KEYS)[number];

export const DEFAULT_MENU_PATH = 'config/menu.json';

const bytes = (max: number) =>
  z
    .string()
    .min(1)
    .refine((s) => Buffer.byteLength(s, 'utf8') <= max, { message: `must be at most ${max} bytes (UTF-8)` });

/** Button types that carry a `key` (PROTOCOL.md §3.6). */
export const KEY_TYPES = [
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
] as const;

function leaf(nameMax: number) {
  const name = bytes(nameMax);
  return z.discriminatedUnion('type', [
    z.object({ type: z.enum(KEY_TYPES), name, key: bytes(128) }).strict(),
    z.object({ type: z.literal('view'), name, url: bytes(1024) }).strict(),
    z
      .object({ type: z.literal('miniprogram'), name, url: bytes(1024), appid: z.string().min(1), pagepath: z.string().min(1) })
      .strict(),
    z.object({ type: z.enum(['media_id', 'view_limited']), name, media_id: z.string().min(1) }).strict(),
    z.object({ type: z.enum(['article_id', 'article_view_limited']), name, article_id: z.string().min(1) }).strict(),
  ]);
}

const SubButton = leaf(60);
const Parent = z.object({ name: bytes(16), sub_button: z.array(SubButton).min(1).max(5) }).strict();
const TopButton = z.union([Parent, leaf(16)]);

export const MenuSchema = z
  .object({ button: z.array(TopButton).min(1).max(3) })
  .strict()
  .superRefine((menu, ctx) => {
    const seen = new Set<string>();
    for (const key of menuKeysOf(menu)) {
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['button'], message: `duplicate key ${key}` });
      seen.add(key);
    }
  });

export type Menu = z.infer<typeof MenuSchema>;
export type MenuButton = z.infer<typeof TopButton>;

/** Every `key` in the menu, top level and sub buttons, in order. */
export function menuKeysOf(menu: { button: readonly MenuButton[] }): string[] {
  const keys: string[] = [];
  for (const b of menu.button) {
    for (const leafButton of 'sub_button' in b ? b.sub_button : [b]) {
      if ('key' in leafButton) keys.push(leafButton.key);
    }
  }
  return keys;
}

/** Validates a menu; throws CONFIG_INVALID listing every problem with its path. */
export function parseMenu(input: unknown, source = 'menu'): Menu {
  const res = MenuSchema.safeParse(input);
  if (!res.success) {
    const problems = describeIssues(res.error.issues);
    throw new CourierError('CONFIG_INVALID', `${source} is invalid: ${problems.join('; ')}`, 500);
  }
  return res.data;
}

/** A top button is a parent or a leaf: report the branch that came closest, not "Invalid input". */
function describeIssues(issues: readonly z.core.$ZodIssue[], base: PropertyKey[] = []): string[] {
  return issues.flatMap((i) => {
    const path = [...base, ...i.path];
    if (i.code === 'invalid_union' && i.errors.length) {
      const closest = i.errors.reduce((a, b) => (b.length < a.length ? b : a));
      return describeIssues(closest, path);
    }
    return [`${path.map(String).join('.') || '(root)'}: ${i.message}`];
  });
}

/** Reads and validates the menu file (relative paths resolve against the working directory). */
export async function loadMenu(path: string = DEFAULT_MENU_PATH): Promise<Menu> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new CourierError('CONFIG_INVALID', `${path} cannot be read as JSON: ${(e as Error).message}`, 500, { cause: e });
  }
  return parseMenu(raw, path);
}
