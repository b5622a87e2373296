// Reads the 确认收款 page's wx.config / requestMerchantTransfer parameters (its JSON script tag).
export const confirmConfigOf = (html: string): Record<string, string | number> => {
  const json = /<script id="cfg" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
  if (!json) throw new Error('the page has no confirmation config');
  return JSON.parse(json) as Record<string, string | number>;
};
