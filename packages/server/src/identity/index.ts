export {
  createIdentityService,
  generateApiKey,
  hashSecret,
  presentKey,
  presentUser,
  type IdentityService,
  type NewSession,
  type RequestOrigin,
} from './identity-service.js';
export { actorLabel, hasAdminSet, principalOfKey, principalOfUser, type Principal } from './principal.js';
export {
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLE_RULE_AREAS,
  ROUTE_PERMISSIONS,
  SCOPE_PERMISSIONS,
  routeNeed,
  type Permission,
  type RouteNeed,
} from './permissions.js';
export { hashPassword, verifyPassword } from './password-hashing.js';
export { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.js';
export { createOidcLogin, OIDC_PENDING_COOKIE, type OidcLogin } from './oidc-login.js';
