// Shown instead of the playground when the browser lacks what training needs.
export function missingFeatures(): string[] {
  const missing: string[] = [];
  if (typeof Worker === 'undefined') missing.push('Web Workers');
  if (typeof WebAssembly === 'undefined') missing.push('WebAssembly');
  if (typeof Promise === 'undefined' || typeof URL === 'undefined') missing.push('modern JavaScript');
  return missing;
}

export function Unsupported({ missing }: { missing: string[] }) {
  return (
    <div className="unsupported" role="alert" data-testid="unsupported">
      <h1>This browser cannot run the RLVR playground</h1>
      <p>
        The playground trains a small model on this device and needs {missing.join(' and ')}, which this browser does not
        provide (or has turned off).
      </p>
      <p>Please open the page in a current version of Chrome, Edge, Firefox or Safari.</p>
    </div>
  );
}
