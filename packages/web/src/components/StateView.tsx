import type { ReactNode } from 'react';
import type { ApiState } from '../api/use-api.js';

/** Renders loading and error states of a query honestly, and `children(data)` once it answers. */
export function StateView<T>({
  state,
  children,
  label,
}: {
  state: ApiState<T>;
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'loading')
    return (
      <p className="state loading" role="status">
        Loading {label}…
      </p>
    );
  if (state.status === 'error') {
    return (
      <p className="state error" role="alert" data-testid="api-error">
        Could not load {label}: {state.error.message}
      </p>
    );
  }
  return <>{children(state.data)}</>;
}
