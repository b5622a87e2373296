// What every tool returns (as JSON to the model): a status the model can branch on, the reply text
// rendered from templates/agent.yaml (so both the rules model and an LLM say only what the tool
// established), masked facts, and hints for the conversation memory.
import type { Awaiting } from '../conversation/memory.js';

export type ToolStatus =
  | 'ok'
  | 'choose'
  | 'need_waybill'
  | 'need_verification'
  | 'need_bind'
  | 'not_found'
  | 'forbidden'
  | 'not_applicable'
  | 'unavailable'
  | 'invalid'
  | 'error';

export interface ToolResult {
  status: ToolStatus;
  /** zh-CN text for the customer; never contains unmasked data of another party. */
  reply: string;
  facts?: Record<string, unknown>;
  /** Waybills this turn discussed (memory keeps them for "那个件"). */
  remember?: string[];
  /** What the bot now waits for; null clears it. */
  awaiting?: Awaiting | null;
  /** A wrong answer to what the bot asked (code, last four digits): keep waiting for it. */
  keepAwaiting?: boolean;
  attachments?: { kind: 'image'; waybill: string; caption?: string }[];
  caseId?: string;
}

export function parseToolResult(content: unknown): ToolResult | null {
  if (typeof content !== 'string') return null;
  try {
    const v = JSON.parse(content) as ToolResult;
    return typeof v?.status === 'string' && typeof v.reply === 'string' ? v : null;
  } catch {
    return null;
  }
}
