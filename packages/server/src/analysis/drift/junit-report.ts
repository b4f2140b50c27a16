/**
 * JUnit XML in the shape Jenkins (junit plugin), GitLab (`artifacts:reports:junit`) and Azure DevOps
 * (PublishTestResults, JUnit format) all render: <testsuites> → <testsuite> → <testcase>, a failing case
 * carrying <failure message type>. No timestamp: the renderer is pure and the output reproducible.
 */

export interface JunitCase {
  classname: string;
  name: string;
  /** Present when the case failed. */
  failure?: { message: string; details?: string; /** The failure's type attribute; default "drift". */ type?: string };
  /** Shown as the case's standard output (passing cases too). */
  output?: string;
}

export interface JunitSuite {
  name: string;
  cases: JunitCase[];
}

export function escapeXml(s: string): string {
  // Characters XML 1.0 forbids are dropped; markup characters are escaped.
  // eslint-disable-next-line no-control-regex
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}

/**
 * @example renderJunit('vigil drift', [{ name: 'drift', cases: [{ classname: 'drift', name: 'age' }] }])
 */
export function renderJunit(name: string, suites: JunitSuite[]): string {
  const count = (s: JunitSuite) => s.cases.filter((c) => c.failure).length;
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + count(s), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(name)}" tests="${tests}" failures="${failures}" errors="0" time="0">`,
  ];
  suites.forEach((s, i) => {
    lines.push(
      `  <testsuite name="${escapeXml(s.name)}" id="${i}" tests="${s.cases.length}" failures="${count(s)}" errors="0" skipped="0" time="0">`,
    );
    for (const c of s.cases) {
      const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}" time="0"`;
      if (!c.failure && !c.output) {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      if (c.failure) {
        lines.push(
          `      <failure message="${escapeXml(c.failure.message)}" type="${escapeXml(c.failure.type ?? 'drift')}">${escapeXml(c.failure.details ?? c.failure.message)}</failure>`,
        );
      }
      if (c.output) lines.push(`      <system-out>${escapeXml(c.output)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
