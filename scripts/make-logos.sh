#!/usr/bin/env bash
# Renders the kernelspec logos (src/LossNotebooks.Kernel/Install/Logos/*.svg) into the PNGs Jupyter front ends look for,
# logo-32x32.png and logo-64x64.png, and the packages' icon (build/package/icon.svg) into the 128-pixel PNG NuGet shows,
# with Debian's headless Chromium. The PNGs are committed (embedded in the host, packed into the packages). Run after
# changing an SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# render SVG SIZE PNG: the SVG drawn at SIZE x SIZE pixels on a transparent page. Headless Chromium paints only the top
# of a window about as small as the image, so the window is taller and the screenshot's top SIZE rows are kept.
render() {
  local page="$profile/page.html"
  echo "<html><body style=\"margin:0;background:transparent\"><img src=\"file://$PWD/$1\" width=\"$2\" height=\"$2\"></body></html>" > "$page"
  chromium --headless --no-sandbox --disable-gpu --user-data-dir="$profile/chromium" --hide-scrollbars \
    --default-background-color=00000000 --window-size="$2,$(($2 + 400))" --screenshot="$profile/shot.png" "file://$page" 2>/dev/null
  /usr/bin/python3 - "$profile/shot.png" "$2" "$PWD/$3" <<'PY'
import struct, sys, zlib
# keep the top rows of an 8-bit RGBA PNG: a row's filter refers only to rows above it, so the filtered bytes stay valid
shot, size, out = open(sys.argv[1], "rb").read(), int(sys.argv[2]), sys.argv[3]
at, idat = 8, b""
while at < len(shot):
    length, kind = struct.unpack(">I4s", shot[at:at + 8])
    body = shot[at + 8:at + 8 + length]
    if kind == b"IHDR": width, _, depth, colour = struct.unpack(">IIBB", body[:10])
    if kind == b"IDAT": idat += body
    at += 12 + length
assert (width, depth, colour) == (size, 8, 6), (width, depth, colour)
rows = zlib.decompress(idat)[: size * (size * 4 + 1)]
chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
open(out, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
                      + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
PY
  ls -l "$3"
}

for svg in src/LossNotebooks.Kernel/Install/Logos/*.svg; do
  for size in 32 64; do render "$svg" "$size" "${svg%.svg}-$size.png"; done
done
render build/package/icon.svg 128 build/package/icon.png
