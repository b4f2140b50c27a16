/** One headline number. */
export function StatTile({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="tile" data-testid={testId}>
      <div className="tile-label">{label}</div>
      <div className="tile-value">{value}</div>
    </div>
  );
}
