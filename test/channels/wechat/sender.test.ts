import { describe, expect, it } from 'vitest';
import type { OaApi, TemplateMessage } from '../../../src/channels/wechat/api.js';
import { OaSender } from '../../../src/channels/wechat/sender.js';

function senderCapturing() {
  const sent: TemplateMessage[] = [];
  const api = { sendTemplate: async (m: TemplateMessage) => (sent.push(m), { msgid: '1' }) } as unknown as OaApi;
  return { sender: new OaSender(api, 'tpl_1'), sent };
}

describe('OaSender template fallback', () => {
  it('turns a link in the text into the template url, so a cut text cannot lose it', async () => {
    const { sender, sent } = senderCapturing();
    const link = 'https://kefu.example.com/pay/confirm/QzE.1794448800.abc_DEF-1';
    await sender.sendTemplate('o_1', `理赔款 150 元已发起转账，请在 24 小时内打开链接确认收款，确认后到账：${link}（链接过期可回复“理赔进度”获取新链接）`, 'k1');
    expect(sent[0]).toMatchObject({ touser: 'o_1', templateId: 'tpl_1', clientMsgId: 'k1', url: link });
    expect(sent[0]?.data.content?.value).toBe('理赔款 150 元已发起转账，请在 24 小时内打开链接确认收款，确认后到账（链接过期可回复“理赔进度”获取新链接）');
  });

  it('sends no url for a text without a link, and cuts a long text with an ellipsis', async () => {
    const { sender, sent } = senderCapturing();
    await sender.sendTemplate('o_1', '好'.repeat(300), 'k2');
    expect(sent[0]?.url).toBeUndefined();
    expect([...(sent[0]?.data.content?.value ?? '')]).toHaveLength(181);
  });
});
