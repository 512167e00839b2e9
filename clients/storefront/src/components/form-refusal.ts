import { useState } from 'react';
import type { CombinedError } from 'urql';
import { describeError, fieldErrorsOf, messageFor, type FieldError } from '@commerce/web-kit';

/**
 * What a form shows after the API refused it: each field's message beside the field, and one
 * alert, which says to look at the fields when there are any.
 */
export function useFormRefusal(prefix = 'input.') {
  const [fields, setFields] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  return {
    problem,
    /** The refusal for a field of the form (paths inside the input argument). */
    errorOf: (field: string) => messageFor(fields, field, prefix),
    refused(error: CombinedError | undefined) {
      const found = fieldErrorsOf(error);
      setFields(found);
      setProblem(found.length ? 'Please correct the fields marked above.' : (describeError(error) ?? 'That did not work. Please try again.'));
    },
    clear() {
      setFields([]);
      setProblem(null);
    },
  };
}

/** Mutations here change the account query's data: refetch it (a Boolean answer names no type urql could see). */
export const CHANGES_ACCOUNT = { additionalTypenames: ['Customer', 'Address', 'PaymentMethod'] };
