/** A severity or a state as a coloured pill; the class carries the word so CSS colours it. */
export function SeverityBadge({ value, testId }: { value: string; testId?: string }) {
  return (
    <span className={`badge sev-${value}`} data-testid={testId}>
      {value}
    </span>
  );
}
