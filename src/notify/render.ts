// Renders a warning for each channel: a plain-text and an HTML email (right to left for Arabic,
// Hebrew and Urdu), an SMS, and the in-app notice. Every interpolated value is escaped for HTML.
import { messagesFor } from './messages.ts';

export interface WarningInput {
  language: string;
  /** exploit: calls carried the attack; probe: only the attackers' probing calls reached the number. */
  kind: 'exploit' | 'probe';
  from: string;
  to: string;
}

export interface RenderedWarning {
  language: string;
  dir: 'ltr' | 'rtl';
  subject: string;
  text: string;
  html: string;
  sms: string;
  inapp: { title: string; body: string; language: string; dir: 'ltr' | 'rtl' };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

export function renderWarning(w: WarningInput): RenderedWarning {
  const { language, messages: m } = messagesFor(w.language);
  const fill = (s: string) => s.replace(/\{\{from\}\}/g, day(w.from)).replace(/\{\{to\}\}/g, day(w.to));
  const happened = fill(m.happened);
  const confidence = m.confidence[w.kind];
  const text = [
    m.greeting, '', happened, '', confidence, '',
    `${m.todoTitle}:`, ...m.todo.map((t) => `- ${t}`), '',
    `${m.genuineTitle}:`, ...m.genuine.map((t) => `- ${t}`), '',
    m.helpline, '', m.signoff, '',
  ].join('\n');
  const align = m.dir === 'rtl' ? 'right' : 'left';
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const ul = (items: string[]) => `<ul>${items.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`;
  const html = `<!doctype html>
<html lang="${language}" dir="${m.dir}"><head><meta charset="utf-8"><title>${escapeHtml(m.subject)}</title></head>
<body dir="${m.dir}" style="direction:${m.dir};text-align:${align};font-family:sans-serif;line-height:1.5;max-width:40em">
${p(m.greeting)}
${p(happened)}
${p(confidence)}
<h2>${escapeHtml(m.todoTitle)}</h2>
${ul(m.todo)}
<h2>${escapeHtml(m.genuineTitle)}</h2>
${ul(m.genuine)}
${p(m.helpline)}
${p(m.signoff)}
</body></html>
`;
  return {
    language,
    dir: m.dir,
    subject: m.subject,
    text,
    html,
    sms: fill(m.sms),
    inapp: { title: m.subject, body: `${happened}\n\n${confidence}`, language, dir: m.dir },
  };
}
