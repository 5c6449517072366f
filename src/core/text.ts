// Text files as investigators' tools write them: UTF-8 (with or without a byte-order mark), or
// UTF-16 with one (Excel's "Unicode text", PowerShell's default before version 6).

/** A file's text: UTF-8, or UTF-16 when it starts with a UTF-16 byte-order mark; without the mark. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  // A stray last byte (a cut file) is dropped: swap16 takes only whole pairs.
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2))).swap16().toString('utf16le');
  return bytes.toString('utf8');
}
