/**
 * The credential the console signed in with, kept in sessionStorage only: it is gone when the tab closes, is
 * never put in a URL, and is sent solely as a bearer header (api.ts).
 */
const STORAGE_KEY = 'novai.console.token';

/** An admin token manages everything; an API key (sk-…) only sees its own usage. */
export type Role = 'admin' | 'key';

export interface Session {
  token: string;
  role: Role;
}

export function roleOf(token: string): Role {
  return token.startsWith('sk-') ? 'key' : 'admin';
}

export function loadSession(): Session | null {
  const token = sessionStorage.getItem(STORAGE_KEY);
  return token ? { token, role: roleOf(token) } : null;
}

export function saveSession(token: string): Session {
  sessionStorage.setItem(STORAGE_KEY, token);
  return { token, role: roleOf(token) };
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
