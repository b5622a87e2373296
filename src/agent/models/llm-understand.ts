// The configured LLM's understanding, for `npm run eval:nlu` with LLM_PROVIDER=openai: the model
// is asked for the intent and slots as JSON (the same 16 intents the rules model knows). A failed
// or unparsable answer falls back to the rules model for that line and is counted, so a report
// says how often the LLM really answered.
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import type { Config } from '../../config/env.js';
import { INTENTS, understand, type Understanding } from '../nlu/index.js';

const Answer = z.object({ intent: z.enum(INTENTS), waybill: z.string().nullish(), phone: z.string().nullish() });

const PROMPT = `你是快递客服的意图识别器。把用户消息归为以下意图之一，只输出 JSON：{"intent": "...", "waybill": "运单号或 null", "phone": "11位手机号或 null"}。
意图：track 查件/物流进度；urge 催派；lost 丢件；damaged 破损；fresh_delay 生鲜延误变质；signed_not_received 显示签收但没收到；
delivery_photo 要派件照片；customs 国际件清关；locker_notice 未经同意放快递柜/驿站；change_delivery 改地址改时间改投递方式；
claim_status 理赔或工单进度；human 转人工/投诉；bind 绑定手机号/验证码；greeting 打招呼；ship 寄快递/运费；other 其他或无关。`;

export function createLlmUnderstand(llm: Config['llm']) {
  const model = new ChatOpenAI({ model: llm.model, apiKey: llm.apiKey ?? 'not-needed', configuration: { baseURL: llm.baseUrl }, timeout: llm.timeoutMs, maxRetries: 0, temperature: 0 });
  const stats = { answered: 0, fallbacks: 0 };
  const fn = async (text: string): Promise<Understanding> => {
    const rules = understand(text);
    try {
      const res = await model.invoke([
        ['system', PROMPT],
        ['human', text],
      ]);
      const raw = typeof res.content === 'string' ? res.content : JSON.stringify(res.content);
      const json = raw.slice(raw.indexOf('{'), raw.lastIndexOf('}') + 1);
      const a = Answer.parse(JSON.parse(json));
      stats.answered += 1;
      const slots = { ...rules.slots, ...(a.waybill ? { waybill: a.waybill.replace(/\s/g, '').toUpperCase() } : {}), ...(a.phone ? { phone: a.phone.replace(/\D/g, '').slice(-11) } : {}) };
      return { intent: a.intent, confidence: 1, slots };
    } catch {
      stats.fallbacks += 1;
      return rules;
    }
  };
  return { understand: fn, stats };
}
