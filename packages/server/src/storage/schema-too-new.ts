/**
 * A store whose schema is newer than this Vigil knows: a newer Vigil migrated it. Starting would read and write
 * tables this version does not understand, so the server refuses to start and says what to do.
 */
export class SchemaTooNewError extends Error {
  readonly code = 'VIGIL_SCHEMA_TOO_NEW';

  constructor(found: number, known: number, where: string) {
    super(
      `${where} has schema version ${found}, newer than this Vigil knows (${known}): a newer Vigil migrated it. ` +
        'Run that version (or newer) of Vigil, or restore a backup taken before the upgrade; this node will not start against it.',
    );
  }
}
