// The sandbox HTTP API the console drives: the same routes curl uses (README), so every action is
// a real signed callback into the real webhooks.
const enc = encodeURIComponent;

async function call(method, url, body) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

/** The platform answered the callback: anything but 200 is shown as an error. */
function delivered(res) {
  const status = res?.webhook?.status;
  if (status !== undefined && status !== 200) throw new Error(`回调被拒绝（HTTP ${status}）`);
  return res;
}

export const api = {
  state: () => call('GET', '/sandbox/console/state'),
  menu: () => call('GET', '/sandbox/console/menu'),
  journal: (who) => call('GET', `/sandbox/console/journal?who=${enc(who)}`),
  note: (who, kind, text) => call('POST', '/sandbox/console/journal', { who, kind, text }),
  messages: (to) => call('GET', `/sandbox/messages?to=${enc(to)}`),
  cards: (userid) => call('GET', `/sandbox/wecom/cards/${enc(userid)}`),
  /** A customer acts on the Official Account ({text} | {image} | {menu}) or on 微信客服 ({text} | {image}). */
  customer: (c, action) => call('POST', c.channel === 'wecom-kf' ? `/sandbox/kf/customer/${enc(c.id)}` : `/sandbox/phone/${enc(c.id)}`, action).then(delivered),
  /** A staff member or supervisor acts in WeCom ({click, taskId} | {text} | {image}). */
  member: (userid, action) => call('POST', `/sandbox/wecom/member/${enc(userid)}`, action).then(delivered),
  advance: (minutes) => call('POST', '/sandbox/clock/advance', { minutes }),
};

/** A photo's name, as the phone would give it. */
export const photoName = () => `photo-${Date.now().toString(36)}.jpg`;
