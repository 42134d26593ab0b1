/** A form's refusal: the whole reason above the save button, and each field's reason under its control. */
import { useState } from 'preact/hooks';
import { ApiError, errorText } from '../../api/client';
import { fieldProblem, type Problem } from '../../i18n';

export function useProblemHints() {
  const [problem, setProblem] = useState<Problem | undefined>();
  const [error, setError] = useState('');
  return {
    error,
    /** Shows why a save failed. */
    fail(e: unknown) {
      setProblem(e instanceof ApiError ? e.problem : undefined);
      setError(errorText(e));
    },
    clear() {
      setProblem(undefined);
      setError('');
    },
    /** The reason for one body field (`reporter.phone`), under its control; nothing when it is fine. */
    hint(field: string) {
      const reason = fieldProblem(problem, field);
      return reason ? <span class="error small">{reason}</span> : null;
    },
  };
}
