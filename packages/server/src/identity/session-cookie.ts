/** The dashboard's session cookie: an opaque random id; the store keeps its SHA-256 only. */
export const SESSION_COOKIE = 'vigil_session';

/** HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), Secure over https. */
export function sessionCookieOptions(opts: { isSecure: boolean; maxAgeSec: number }) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: opts.isSecure,
    maxAge: opts.maxAgeSec,
  };
}
