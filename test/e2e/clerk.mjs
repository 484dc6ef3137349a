// A clerk's actions over the API, as the counter page sends them: log in with a demo PIN,
// then POST with that session's cookie. For specs that need a call to happen without
// driving the counter page itself.

/** clerk logs staffId in and returns act(path, body) → { status, body }. */
export async function clerk(base, staffId, pin) {
  const res = await fetch(base + "api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ staff_id: staffId, pin }),
  });
  if (!res.ok) throw new Error(`login ${staffId}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return async (path, body = {}) => {
    const r = await fetch(base + path.replace(/^\//, ""), {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() };
  };
}
