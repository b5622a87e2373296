// Waybill numbers and mobile numbers inside free text. Both are digit runs that customers write
// with spaces or dashes, so they are parsed together: a run that makes an 11-digit mobile number
// (optionally after +86) is a phone, never a waybill.

export interface Identifiers {
  waybills: string[];
  phones: string[];
  /** The input with every identifier replaced by spaces (same length, so offsets still hold). */
  rest: string;
}

/** Letter-prefixed waybills and how many digits may follow the prefix. */
const PREFIX = /(?<![a-z])(sf|jd[a-z]{0,2}|yt|jt|dpk)/gi;
function prefixDigits(prefix: string): { min: number; max: number } {
  if (prefix === 'sf') return { min: 12, max: 13 }; // 顺丰
  if (prefix === 'dpk') return { min: 9, max: 15 }; // 德邦
  return { min: 10, max: 15 }; // 京东 JD/JDVA…, 圆通 YT, 极兔 JT
}

const WAYBILL_DIGITS_MIN = 12;
const WAYBILL_DIGITS_MAX = 15;
const MOBILE = /^1[3-9]\d{9}$/;

/** UPU S10 check digit for the 8 serial digits (weights 8 6 4 2 3 5 9 7). */
export function s10CheckDigit(serial: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * (weights[i] ?? 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/** True when an S10 code (EA123456785CN) carries a correct check digit. */
export function isValidS10(code: string): boolean {
  const m = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(code.toUpperCase());
  return !!m && s10CheckDigit(m[1] ?? '') === Number(m[2]);
}

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

/** A digit run written with single spaces or dashes between groups: "158 0000 1234", "+86-138…". */
interface DigitRun {
  start: number;
  groups: Array<{ digits: string; end: number }>;
  plus: boolean;
}

function digitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  const re = /(\+?)(\d+(?:[ -]\d+)*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text[m.index - 1] ?? '';
    if (/[a-z]/i.test(before)) continue; // part of a word such as "ab123"
    const plus = m[1] === '+';
    const groups: DigitRun['groups'] = [];
    const g = /\d+/g;
    const body = m[2] ?? '';
    const bodyStart = m.index + (m[1]?.length ?? 0);
    for (let d = g.exec(body); d; d = g.exec(body)) {
      groups.push({ digits: d[0], end: bodyStart + d.index + d[0].length });
    }
    runs.push({ start: bodyStart - (plus ? 1 : 0), groups, plus });
  }
  return runs;
}

/** Phone starting at group i: exactly 11 digits (or 86 + 11) made of whole groups. */
function phoneAt(run: DigitRun, i: number): { phone: string; next: number } | undefined {
  let joined = '';
  for (let j = i; j < run.groups.length; j++) {
    joined += run.groups[j]?.digits ?? '';
    if (joined.length === 11 && MOBILE.test(joined)) return { phone: joined, next: j + 1 };
    if (joined.length === 13 && joined.startsWith('86') && MOBILE.test(joined.slice(2))) {
      return { phone: joined.slice(2), next: j + 1 };
    }
    if (joined.length >= 13) return undefined;
  }
  return undefined;
}

/** Longest 12–15 digit waybill made of whole groups starting at group i. */
function waybillAt(run: DigitRun, i: number): { waybill: string; next: number } | undefined {
  let joined = '';
  let best: { waybill: string; next: number } | undefined;
  for (let j = i; j < run.groups.length; j++) {
    joined += run.groups[j]?.digits ?? '';
    if (joined.length > WAYBILL_DIGITS_MAX) break;
    if (joined.length >= WAYBILL_DIGITS_MIN) best = { waybill: joined, next: j + 1 };
  }
  return best;
}

/** Digits after a prefix, allowing separators, taking the longest allowed length. */
function prefixedDigits(text: string, from: number, min: number, max: number): { digits: string; end: number } | undefined {
  const m = /^[ -]?(\d+(?:[ -]\d+)*)/.exec(text.slice(from));
  if (!m) return undefined;
  const offset = from + m[0].length - (m[1]?.length ?? 0);
  let joined = '';
  let best: { digits: string; end: number } | undefined;
  const g = /\d+/g;
  const body = m[1] ?? '';
  for (let d = g.exec(body); d; d = g.exec(body)) {
    joined += d[0];
    if (joined.length > max) break;
    if (joined.length >= min) best = { digits: joined, end: offset + d.index + d[0].length };
  }
  // A contiguous run longer than allowed is some other number, not this waybill.
  if (best && /^\d/.test(text.slice(best.end))) return undefined;
  return best;
}

/** Extracts waybills (normalised to upper case, no separators) and mobile numbers. */
export function extractIdentifiers(input: string): Identifiers {
  let text = input;
  const found: Array<{ at: number; kind: 'waybill' | 'phone'; value: string }> = [];

  // 1. UPU S10 (EA123456785CN); the check digit is not required, see isValidS10.
  const s10 = /(?<![a-z0-9])([a-z]{2})[ -]?(\d{3}[ -]?\d{3}[ -]?\d{3})[ -]?([a-z]{2})(?![a-z0-9])/gi;
  for (const m of input.matchAll(s10)) {
    const value = `${m[1]}${(m[2] ?? '').replace(/\D/g, '')}${m[3]}`.toUpperCase();
    found.push({ at: m.index, kind: 'waybill', value });
    text = blank(text, m.index, m.index + m[0].length);
  }

  // 2. Letter-prefixed waybills (SF, JD, YT, DPK).
  for (const m of [...text.matchAll(PREFIX)]) {
    const prefix = (m[1] ?? '').toLowerCase();
    const { min, max } = prefixDigits(prefix);
    const digits = prefixedDigits(text, m.index + prefix.length, min, max);
    if (!digits) continue;
    found.push({ at: m.index, kind: 'waybill', value: `${prefix.toUpperCase()}${digits.digits}` });
    text = blank(text, m.index, digits.end);
  }

  // 3. Bare digit runs: phones first, then 12–15 digit waybills.
  for (const run of digitRuns(text)) {
    let i = 0;
    while (i < run.groups.length) {
      const startAt = i === 0 ? run.start : (run.groups[i - 1]?.end ?? run.start) + 1;
      const phone = phoneAt(run, i);
      const hit = phone
        ? { kind: 'phone' as const, value: phone.phone, next: phone.next }
        : (() => {
            const w = waybillAt(run, i);
            return w ? { kind: 'waybill' as const, value: w.waybill, next: w.next } : undefined;
          })();
      if (!hit) {
        i++;
        continue;
      }
      const end = run.groups[hit.next - 1]?.end ?? startAt;
      found.push({ at: startAt, kind: hit.kind, value: hit.value });
      text = blank(text, startAt, end);
      i = hit.next;
    }
  }

  found.sort((a, b) => a.at - b.at);
  const unique = (kind: 'waybill' | 'phone') => [...new Set(found.filter((f) => f.kind === kind).map((f) => f.value))];
  return { waybills: unique('waybill'), phones: unique('phone'), rest: text };
}
