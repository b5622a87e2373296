// Masking of personal data for logs and for anything another party sees (DESIGN.md "Personal data").

const MOBILE = /(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g;

/** 13800000001 → 138****0001; also catches numbers written with spaces or dashes. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** Masks every mainland mobile number inside free text. */
export function maskPhonesIn(text: string): string {
  return text.replace(MOBILE, (_m, a: string, _b: string, c: string) => `${a}****${c}`);
}

/** Keeps the district-level start of an address and hides the rest: 上海市浦东新区张江路1号 → 上海市浦东新区**** */
export function maskAddress(address: string): string {
  // Keep up to the district (区/县) when one appears early, else up to the city (市).
  const district = /^.{0,12}?(?:区|县)/.exec(address)?.[0];
  const city = /^.{0,8}?市/.exec(address)?.[0];
  const head = district ?? city ?? address.slice(0, Math.min(3, address.length));
  return `${head}****`;
}

/** 陈女士 → 陈**, 王小明 → 王**: the family name only. */
export function maskName(name: string): string {
  if (!name) return '';
  return `${[...name][0]}**`;
}

/** Recursively masks phone numbers in every string of a log object (keys are kept). */
export function maskDeep(value: unknown, depth = 0): unknown {
  if (depth > 6) return value;
  if (typeof value === 'string') return maskPhonesIn(value);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
    return out;
  }
  return value;
}
