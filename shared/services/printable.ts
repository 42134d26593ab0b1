/** What the printable zh-CN pages (the tracing notice, a person's data export) share. */

/** A value safe inside HTML text or an attribute. */
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export const SEX_ZH = { male: '男', female: '女', unknown: '不详' } as const;

/** An instant in Beijing time, as a person reads it (2026年12月7日 18:30). */
export const cstTime = (at: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
