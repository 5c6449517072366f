// Undoes the defanging analysts apply so indicators cannot be clicked: hxxp, [.], (.), [@], [:] …

const REPLACEMENTS: [RegExp, string][] = [
  [/^h(?:xx|XX|\*\*|\[tt\]|\[TT\])p(s?)(\[?:\]?|:)/, 'http$1:'],
  [/^fxp(\[?:\]?|:)/i, 'ftp:'],
  [/\[(?:\.|dot)\]|\((?:\.|dot)\)|\{(?:\.|dot)\}|\[\s*\.\s*\]/gi, '.'],
  [/\[(?:@|at)\]|\((?:@|at)\)|\{(?:@|at)\}/gi, '@'],
  [/\[:\]|\(:\)/g, ':'],
  [/\[\/\]/g, '/'],
  [/\[:\/\/\]/g, '://'],
];

export function refang(value: string): string {
  let v = value.trim();
  for (const [re, rep] of REPLACEMENTS) v = v.replace(re, rep);
  return v;
}

/** The usual defanged form for sharing in reports: dots of the host in brackets, hxxp. */
export function defang(value: string): string {
  return value.replace(/^http/i, 'hxxp').replace(/\./g, '[.]');
}
