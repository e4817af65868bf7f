// Calls to flowzap's HTTP API. Every answer is {ok, status, data}; errors
// carry the server's message (data.error) or a network error message.
import { t, language } from "./i18n.js";
import { isStatic, answer } from "./static.js";

/** api sends JSON and parses a JSON answer. */
export async function api(path, body, { method = "POST", headers = {}, raw = false } = {}) {
  // The static site has no server: its files answer what they can.
  if (isStatic) return answer(path, method);
  let res;
  // The server's own refusals (not found, quota, edit token, busy...)
  // come in the interface's language (docs/api.md, "Languages").
  headers = { "Accept-Language": language(), ...headers };
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, data: { error: t("networkError") } };
  }
  if (raw && res.ok) return { ok: true, status: res.status, blob: await res.blob(), res };
  let data = null;
  try { data = await res.json(); } catch { data = { error: t("httpStatus", res.status) }; }
  return { ok: res.ok, status: res.status, data };
}

export const get = (path) => api(path, undefined, { method: "GET" });

/** firstError returns the message and line of the first error of a 422 answer. */
export function firstError(data) {
  const e = data?.errors?.[0];
  return e ? { msg: `${e.message} [${e.code}]`, line: e.line, count: data.errors.length } : { msg: data?.error || "", line: 1, count: 0 };
}
