import type { Labels } from './alert-fingerprint.js';
import { findMaintenanceWindow, type MaintenanceWindow } from './maintenance-window.js';
import { findSilence, type Silence } from './silence-matcher.js';

/**
 * Combines silences and maintenance windows into the `isMuted` check notification grouping takes.
 * @example new NotificationGrouper({ isMuted: createMuteCheck(silences, windows) })
 */
export function createMuteCheck(
  silences: readonly Silence[],
  windows: readonly MaintenanceWindow[],
): (labels: Labels, now: number) => boolean {
  return (labels, now) =>
    findSilence(labels, silences, now) !== null || findMaintenanceWindow(labels, windows, now) !== null;
}
