import { hash, verify } from '@node-rs/argon2';

// OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane (~70 ms here). @node-rs/argon2 defaults to Argon2id.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) to store. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verified against when the username is unknown, so a wrong name costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

/** True when `password` matches; a null hash (unknown user, SSO-only person) still spends the same time. */
export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  if (phc === null) {
    dummyHash ??= hashPassword('vigil-dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(phc, password).catch(() => false);
}
