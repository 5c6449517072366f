// Links in the text of messages: as MVT's check_for_links finds them (the `links` key of its
// records), and cleaned of the punctuation around them (what the checks look up).

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** The URLs in a text, each without the punctuation around it. */
export function urlsIn(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(URL_RE)].map((m) => m[0].replace(/[).,;!?]+$/, '')) : [];
}

// Python's \s (what str.isspace() holds true), not JavaScript's; `u` for Python's case folding (ſ is s).
const MVT_LINK_RE = /https?:\/\/[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/giu;

/** A message's links as MVT's check_for_links gives them (to the next space), for its `links` key. */
export function mvtLinks(text: unknown): string[] {
  return typeof text === 'string' ? text.match(MVT_LINK_RE) ?? [] : [];
}
