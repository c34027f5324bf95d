import type { ReactNode } from 'react';

export function Empty(p: { title: string; children?: ReactNode; action?: ReactNode; heading?: 'h1' | 'h3' }) {
  const H = p.heading ?? 'h3';
  return (
    <div className="empty">
      <H className="empty-title">{p.title}</H>
      {p.children && <p>{p.children}</p>}
      {p.action}
    </div>
  );
}

export function Progress(p: { fraction: number; label: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, p.fraction)) * 100);
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={p.label}>
      <div className="progress-bar" style={{ width: `${pct}%` }} />
    </div>
  );
}
