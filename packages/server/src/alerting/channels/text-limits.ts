/**
 * Cuts text to at most `max` UTF-16 code units (how Slack and PagerDuty count), ending with "…" when cut,
 * never splitting a surrogate pair.
 * @example truncateText('abcdef', 4) // 'abc…'
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // high surrogate would be orphaned
  return `${text.slice(0, end)}…`;
}

/** Escapes the three characters Slack mrkdwn reserves. */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** ISO-8601 for epoch ms. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString();
}
