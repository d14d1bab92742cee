// Downloads: the metric history as CSV or JSON, and a chart as PNG. Everything is
// built from the records the engine emitted; nothing is recomputed.
import { recordsToCsv } from '../experiments/records-csv';
import type { RunData } from './store';

/** The engine's CSV of this run's records (one implementation for the page and the CLI). */
export function toCsv(run: Pick<RunData, 'steps' | 'evals'>): string {
  return recordsToCsv([...run.steps, ...run.evals]);
}

export function toJson(run: RunData): string {
  return JSON.stringify(
    {
      format: 'rlvr-playground-run-v1',
      exportedAt: new Date().toISOString(),
      settings: run.settings,
      info: run.info,
      // The backend actually used and how it was chosen; forcing it (backend=<name> in the
      // link or --backend on the CLI) reproduces the curve on this device.
      backend: run.backend ? { ...run.backend, reproduceWith: `backend=${run.backend.backend}` } : null,
      status: run.status,
      records: [...run.steps, ...run.evals].sort((a, b) => a.step - b.step || (a.type === 'eval' ? 1 : -1)),
    },
    null,
    2,
  );
}

export function download(filename: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function fileStamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

/**
 * Render a chart's SVG onto a white canvas (2x) with a title line, as a PNG blob. `layers` are
 * SVGs of the same size drawn over it (the live run's layer), merged in order.
 */
export async function svgToPng(svg: SVGSVGElement, title: string, layers: SVGSVGElement[] = []): Promise<Blob> {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  for (const layer of layers) {
    const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    layer.childNodes.forEach((n) => g.appendChild(n.cloneNode(true)));
    clone.appendChild(g);
  }
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('style', 'font-family: system-ui, -apple-system, Segoe UI, Roboto, sans-serif; font-size: 11px');
  const xml = new XMLSerializer().serializeToString(clone);
  const img = new Image();
  const url = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not render the chart'));
      img.src = url;
    });
    const scale = 2;
    const titleH = 28;
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = (height + titleH) * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(scale, scale);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height + titleH);
    ctx.fillStyle = '#1c2733';
    ctx.font = '600 14px system-ui, sans-serif';
    ctx.fillText(title, 10, 19);
    ctx.drawImage(img, 0, titleH, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
