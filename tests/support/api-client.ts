/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are whatever the API sends; the tests assert their shape */
/** A small HTTP client for the suites: JSON in and out, bearer token, and the refresh cookie kept by hand. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiClient {
  accessToken?: string;
  refreshCookie?: string;

  /** Each client looks like its own machine behind the proxy, so per-address rate limits don't pile up across tests. */
  readonly forwardedFor = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {}),
        ...(this.refreshCookie ? { cookie: this.refreshCookie } : {}),
        'x-forwarded-for': this.forwardedFor,
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie?.startsWith('kz_refresh=')) this.refreshCookie = setCookie.split(';')[0];
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed = text && type.includes('json') ? JSON.parse(text) : text;
    if (parsed && typeof parsed === 'object' && 'accessToken' in parsed)
      this.accessToken = parsed.accessToken;
    return { status: response.status, body: parsed, headers: response.headers };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  patch = <T = any>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  put = <T = any>(path: string, body: unknown) => this.request<T>('PUT', path, body);
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);
}

let counter = 0;
export function uniqueEmail(name: string): string {
  counter += 1;
  return `${name}.${Date.now().toString(36)}${counter}@example.test`;
}

/** Signs up a new organisation; the client acts as its admin. */
export async function signUpOrganisation(
  baseUrl: string,
  organisationName: string,
): Promise<{ client: ApiClient; email: string; password: string }> {
  const client = new ApiClient(baseUrl);
  const email = uniqueEmail('admin');
  const password = 'a long enough password';
  const response = await client.post('/api/auth/sign-up', {
    organisationName,
    displayName: `Admin of ${organisationName}`,
    email,
    password,
  });
  if (response.status !== 201)
    throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { client, email, password };
}
