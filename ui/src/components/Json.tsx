// JSON, indented, in a scrollable block.
export function Json({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre className="json" data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** A time both readable (local) and exact (the ISO instant, on hover). */
export function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={iso}>
      {new Date(iso).toLocaleString()}
    </time>
  );
}
