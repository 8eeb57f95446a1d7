// Talking to the console API: the optional token, JSON in and out, a timeout on every call.

const TOKEN_KEY = 'closeloop-console-token';

/** Takes `?token=` off the address bar (keeps it for this tab) so it is not shared by accident. */
function initToken() {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return fromUrl || sessionStorage.getItem(TOKEN_KEY) || '';
}

const token = initToken();

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** Returns `{ status, body }` for any HTTP answer; throws ApiError(0) when the server is unreachable. */
export async function call(path, { method = 'GET', body, timeoutMs = 8000 } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers['x-console-token'] = token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: abort.signal,
      credentials: 'same-origin',
    });
    const text = await res.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = { message: text };
    }
    return { status: res.status, body: parsed };
  } catch (err) {
    throw new ApiError(0, { message: String(err && err.message) });
  } finally {
    clearTimeout(timer);
  }
}

/** Like `call`, but a non-2xx answer throws ApiError with the server's message. */
export async function request(path, options) {
  const res = await call(path, options);
  if (res.status < 200 || res.status > 299) throw new ApiError(res.status, res.body);
  return res.body;
}

/**
 * A random id per click or command: the server dedupes on it. crypto.randomUUID exists only
 * in secure contexts, so a console opened over plain http on a LAN address uses this instead.
 */
export function newClientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
