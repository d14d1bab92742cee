// Youden's J in the control strip, beside FN and FP: J = 1 − FN − FP for the set noise rates
// (the noisy verifier only: the other modes err by the answer's pattern, so they have no set
// rates) and J measured on the held-out samples of the latest evaluation (every mode). At
// J = 0 the verifier carries no information and training drifts; below it, it unlearns: that
// message gets a row of its own under the strip's controls.
import { useStore } from '../store';
import { J_MESSAGES, formatJ, jKind, measuredJ, setJ, type JKind } from '../mechanism';

function JMessage({ kind, which }: { kind: JKind; which: 'set' | 'measured' }) {
  if (kind === 'learns') return null;
  return (
    <p className={`j-message j-${kind}`} role="status" data-testid={`j-message-${which}`} data-kind={kind}>
      {which === 'measured' ? 'Measured ' : ''}{J_MESSAGES[kind]}
    </p>
  );
}

export function YoudenJ() {
  const verifier = useStore((s) => s.settings.verifier);
  const fnRate = useStore((s) => s.settings.fnRate);
  const fpRate = useStore((s) => s.settings.fpRate);
  const last = useStore((s) => (s.live?.evals.length ? s.live.evals[s.live.evals.length - 1] : undefined));
  const j = setJ({ verifier, fnRate, fpRate });
  const m = measuredJ(last);
  const setKind = j === null ? null : jKind(j);
  const mKind = m === null ? null : jKind(m.mean);
  return (
    <>
      <div className="measured youden" data-testid="youden-j"
        title="Youden's index J = TPR − FPR = 1 − FN − FP. J > 0: noise mainly slows learning (about 1/J); J = 0: drift; J < 0: unlearning.">
        <div>
          {j === null
            ? <span data-testid="j-set" data-value="">Set J: none for this verifier (its errors follow the answer, not a rate)</span>
            : <span data-testid="j-set" data-value={j}>Set: <strong>J = 1 − FN − FP = {formatJ(j)}</strong></span>}
        </div>
        <div>
          {m === null
            ? <span data-testid="j-measured" data-value="">Measured J: after the first evaluation</span>
            : (
              <span data-testid="j-measured" data-value={m.mean}>
                Measured (step {last!.step}): <strong>J = {formatJ(m.mean)}</strong>
                {m.seeds > 1 && <span className="readout-se"> ± {m.se.toFixed(2)}</span>}
              </span>
            )}
        </div>
      </div>
      {setKind && <JMessage kind={setKind} which="set" />}
      {mKind && (setKind === null || setKind === 'learns') && <JMessage kind={mKind} which="measured" />}
    </>
  );
}
