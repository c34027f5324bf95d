/**
 * The Content-Security-Policy of the UI, shared by the desktop shell and the browser
 * mode: only our own scripts, no eval, no plugins, no framing; media from our own
 * origin (browser mode) or the app's media protocol (desktop); lane previews as data URLs.
 */
export const MEDIA_PROTOCOL = 'ra-media';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  `img-src 'self' data: blob: ${MEDIA_PROTOCOL}:`,
  `media-src 'self' blob: ${MEDIA_PROTOCOL}:`,
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
