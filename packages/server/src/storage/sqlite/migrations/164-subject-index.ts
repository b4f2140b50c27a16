import type { Migration } from './migration.js';

/**
 * Data subjects (GDPR): the subject index — the key of a subject id (request-key.ts `subjectKey`) → the event
 * blocks holding its events, written in the events' transaction — and the subject id of each label, so export
 * and erasure read only the subject's blocks and labels.
 */
export const subjectIndex: Migration = {
  version: 164,
  name: 'data subjects: subject index of event blocks, subject id of labels',
  sql: `
    CREATE TABLE event_subjects (
      subject_key INTEGER NOT NULL,
      block_id INTEGER NOT NULL,
      PRIMARY KEY (subject_key, block_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_subjects_block ON event_subjects (block_id);
    ALTER TABLE labels ADD COLUMN subject_id TEXT;
    CREATE INDEX labels_subject ON labels (subject_id) WHERE subject_id IS NOT NULL;
  `,
};
