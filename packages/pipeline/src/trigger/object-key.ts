/**
 * S3 event notifications carry keys URL-encoded the way HTML forms are (`+` for a space, `%XX` for the
 * rest); s3rver's own events carry them raw. Decoding form-encoding, and keeping the raw key when it is
 * not valid encoding, reads both.
 */
export function decodeEventKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch {
    return raw;
  }
}

/** What real S3 puts in an event for a key (the local forwarder does the same, so events look alike). */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replaceAll("%20", "+").replaceAll("%2F", "/");
}
