import { useState } from 'react';
import { toSaveProblem, type SaveProblem } from './form-problem.js';

/**
 * The save state the forms share: the problem to show (found in the page, or the server's refusal
 * naming its field) and whether a request is in flight. `onSaved` runs after a 2xx.
 * @example const form = useSaveForm(onSaved); form.submit(() => sendApi('POST', '/api/v1/slos', body), findUnreadable({…}))
 */
export function useSaveForm(onSaved: () => void) {
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const submit = async (send: () => Promise<unknown>, foundInPage: SaveProblem | null = null) => {
    setProblem(foundInPage);
    if (foundInPage) return;
    setIsSaving(true);
    try {
      await send();
      setIsSaving(false); // forms that stay open after a save (lists edited in place) take the next one
      onSaved();
    } catch (err) {
      setProblem(toSaveProblem(err));
      setIsSaving(false);
    }
  };
  return { problem, isSaving, submit, clearProblem: () => setProblem(null) };
}
