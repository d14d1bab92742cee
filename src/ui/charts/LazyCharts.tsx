// The charts as pages use them: recharts and the chart code load as their own chunk, so
// settings, notices and the run start without waiting for the charting library; until the
// chunk arrives an empty, busy box holds the charts' place. The full layout (App.tsx) and
// the embed (Embed.tsx) both render this.
import { lazy, Suspense } from 'react';
import type { ChartsProps } from './Charts';

const ChartsChunk = lazy(() => import('./Charts').then((m) => ({ default: m.Charts })));

export function Charts(props: ChartsProps) {
  return (
    <Suspense fallback={<div className="charts charts-loading" aria-busy="true" />}>
      <ChartsChunk {...props} />
    </Suspense>
  );
}
