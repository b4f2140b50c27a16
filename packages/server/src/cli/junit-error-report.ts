import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderJunit } from '../analysis/drift/index.js';

/**
 * Writes a JUnit report with one failed test case for a run that could not do its checks (a usage error, an
 * unreachable server, a rejected key), so Jenkins, GitLab and Azure DevOps show why the stage failed instead
 * of failing a second time on a missing report. Returns false when the file cannot be written.
 * @example writeErrorJunit('reports/gate.xml', 'vigil gate drink-recs', 'vigil.gate', 'cannot reach https://vigil:8080: ECONNREFUSED')
 */
export function writeErrorJunit(path: string, suite: string, classname: string, message: string): boolean {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      renderJunit(suite, [
        {
          name: suite,
          cases: [
            { classname, name: `${suite}: could not run`, failure: { message, details: message, type: 'error' } },
          ],
        },
      ]),
    );
    return true;
  } catch {
    return false;
  }
}
