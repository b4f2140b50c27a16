import { Time } from '../../components/Time.js';
import { useState } from 'react';
import type { PriceList, PriceVersion } from '@vigil/protocol';
import { sendApi } from '../../api/api-client.js';
import { useApi } from '../../api/use-api.js';
import { StateView } from '../../components/StateView.js';
import { useSaveForm } from '../../components/forms/use-save-form.js';
import { formatPerMTok } from './cost-format.js';

/**
 * The LLM price table (GET /api/v1/cost/prices): the version in force per model, and every version (append-only).
 * "Add a price" appends a version with PUT /api/v1/cost/prices (admin key); ingest prices new LLM events with it.
 */
export function PricesSection() {
  const [reload, setReload] = useState(0);
  const [isAdding, setIsAdding] = useState(false);
  const prices = useApi<PriceList>('/api/v1/cost/prices', {}, reload);
  return (
    <section className="cost-section" data-testid="cost-prices">
      <h2>LLM price table</h2>
      {isAdding ? (
        <PriceForm
          onDone={(saved) => {
            setIsAdding(false);
            if (saved) setReload((n) => n + 1);
          }}
        />
      ) : (
        <button type="button" onClick={() => setIsAdding(true)}>
          Add a price
        </button>
      )}
      <StateView state={prices} label="the price table">
        {(p) =>
          p.versions.length === 0 ? (
            <p className="state empty" data-testid="cost-prices-empty">
              No LLM prices yet. Add one above (or with PUT /api/v1/cost/prices); each change becomes a new version.
            </p>
          ) : (
            <>
              <h3>In force now</h3>
              <PriceTable rows={p.current} testId="cost-price-current" />
              <h3>All versions</h3>
              <PriceTable rows={[...p.versions].reverse()} testId="cost-price-version" showAudit />
              <p className="small muted">
                Versions are never edited: a price change appends the next version. Estimates (GET
                /api/v1/cost/estimate) name the version applied to each rollup cell.
              </p>
            </>
          )
        }
      </StateView>
    </section>
  );
}

function PriceTable({
  rows,
  testId,
  showAudit = false,
}: {
  rows: PriceVersion[];
  testId: string;
  showAudit?: boolean;
}) {
  return (
    <table className="data-table responsive cost-table" data-testid={`${testId}s`}>
      <thead>
        <tr>
          <th className="num">Version</th>
          <th>Provider</th>
          <th>Model</th>
          <th className="num">Input</th>
          <th className="num">Output</th>
          <th>Valid from</th>
          {showAudit && <th>Added</th>}
          {showAudit && <th>Note</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((v) => (
          <tr key={v.version} data-testid={`${testId}-row`} data-version={v.version}>
            <td data-label="Version" className="num">
              v{v.version}
            </td>
            <td data-label="Provider">{v.provider}</td>
            <td data-label="Model">
              <code>{v.model}</code>
            </td>
            <td data-label="Input" className="num" data-testid="price-input">
              {formatPerMTok(v.inputPerMTok)}
            </td>
            <td data-label="Output" className="num" data-testid="price-output">
              {formatPerMTok(v.outputPerMTok)}
            </td>
            <td data-label="Valid from">
              <Time value={v.validFrom} />
            </td>
            {showAudit && (
              <td data-label="Added" className="small">
                <Time value={v.createdAt} />
                {v.apiKeyName ? ` by ${v.apiKeyName}` : ''}
              </td>
            )}
            {showAudit && (
              <td data-label="Note" className="small">
                {v.note ?? ''}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const EMPTY_PRICE = { provider: '', model: '', inputPerMTok: '', outputPerMTok: '', validFrom: '', note: '' };

function PriceForm({ onDone }: { onDone: (saved: boolean) => void }) {
  const [draft, setDraft] = useState(EMPTY_PRICE);
  const form = useSaveForm(() => onDone(true));
  const field = (key: keyof typeof EMPTY_PRICE) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const save = () => {
    const price = {
      provider: draft.provider.trim(),
      model: draft.model.trim(),
      inputPerMTok: Number(draft.inputPerMTok),
      outputPerMTok: Number(draft.outputPerMTok),
      ...(draft.validFrom.trim() && { validFrom: draft.validFrom.trim() }),
      ...(draft.note.trim() && { note: draft.note.trim() }),
    };
    return form.submit(() => sendApi('PUT', '/api/v1/cost/prices', { prices: [price] }));
  };
  return (
    <form
      className="cost-editor"
      data-testid="price-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="cost-editor-row">
        <input aria-label="Provider" placeholder="provider, e.g. openai" required {...field('provider')} />
        <input aria-label="Model" placeholder="llm.requestModel, e.g. gpt-4o-mini" required {...field('model')} />
        <input
          aria-label="Input USD per million tokens"
          type="number"
          step="any"
          placeholder="input $/M tokens"
          required
          {...field('inputPerMTok')}
        />
        <input
          aria-label="Output USD per million tokens"
          type="number"
          step="any"
          placeholder="output $/M tokens"
          required
          {...field('outputPerMTok')}
        />
        <input aria-label="Valid from" placeholder="valid from (ISO-8601, UTC); empty: now" {...field('validFrom')} />
        <input aria-label="Note" placeholder="note" {...field('note')} />
      </div>
      {form.problem && (
        <p className="state error" role="alert" data-testid="price-save-error">
          Could not add the price: {form.problem.message}
        </p>
      )}
      <div className="cost-editor-actions">
        <button type="submit" className="primary" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : 'Add price version'}
        </button>
        <button type="button" onClick={() => onDone(false)} disabled={form.isSaving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
