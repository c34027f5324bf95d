#!/bin/sh
# puppeteer's page.screencast() asks ffmpeg for a 32-byte probe of its PNG pipe; the bundled
# (2018) ffmpeg then mis-reads the stream and exits. Drop those probe limits, keep the rest.
FF="${REVIEW_ASSISTANT_FFMPEG:?}"
out=""
skip=0
for a in "$@"; do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  case "$a" in
    -probesize|-fpsprobesize|-analyzeduration) skip=1; continue;;
  esac
  out="$out '$(printf %s "$a" | sed "s/'/'\\\\''/g")'"
done
eval "exec \"\$FF\" $out"
