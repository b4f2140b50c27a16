/** packages/web, absolute. */
export const WEB_DIR: string;
/** Builds packages/web when dist is missing or older than its sources. */
export function ensureWebBuilt(): void;
