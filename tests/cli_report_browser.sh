#!/usr/bin/env bash
# The eval HTML report in a real browser, with no network: renders the sample summary
# (tests/data/eval_summary_sample.json) with eval_report_render, loads it in headless Chromium,
# and checks that
#   - the page asks for nothing over the network (no http(s) reference in the HTML, and no
#     request initiated by the page in Chromium's network log; Chromium's own background
#     requests are told apart by their initiator),
#   - the DOM Chromium built holds the tables, the six SVG plots and the highlighted steps,
#   - the screenshot is a 1280x2400 PNG that is not blank and shows the model colours.
# Usage: cli_report_browser.sh <stepwise-binary> <repo-root>. Exit 77 (skip) without chromium or
# without the eval_report_render tool (built beside the binary in src/eval/).
set -euo pipefail
bin="$1"
root="$2"
render="${EVAL_REPORT_RENDER:-$(dirname "$bin")/src/eval/eval_report_render}"
if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIP: chromium is not installed"
  exit 77
fi
if [[ ! -x "$render" ]]; then
  echo "SKIP: $render not built"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

html="$work/report.html"
"$render" "$root/tests/data/eval_summary_sample.json" "$html" \
  --extra "$root/tests/data/eval_report_extra_sample.json" --title "stepwise eval: browser check"
[[ -s "$html" ]] || fail "no HTML written"

# 1. Nothing in the page points outside it.
if grep -Eio '(https?|ftp|wss?)://|<script|<link|<img|<iframe|url\(|@import' "$html"; then
  fail "the page references something outside itself"
fi

# Chromium without its background services, behind a dead proxy (any request fails fast).
browser=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
  --disable-background-networking --disable-component-update --disable-sync --no-pings
  --proxy-server=127.0.0.1:9 --window-size=1280,2400)

# 2. The DOM Chromium built, and its network log.
timeout 120 "${browser[@]}" --user-data-dir="$work/profile1" --log-net-log="$work/net.json" \
  --dump-dom "file://$html" >"$work/dom.html" 2>"$work/dom.err" ||
  fail "chromium --dump-dom failed: $(tail -3 "$work/dom.err")"
python3 - "$work/dom.html" "$work/net.json" <<'EOF'
import json, sys
dom = open(sys.argv[1], encoding='utf-8').read()
checks = {
    'headline table': dom.count('<table class="headline">') == 1,
    'split table': dom.count('<table class="splits">') == 1,
    'six SVG plots': dom.count('<svg class="chart"') == 6,
    'highlighted first errors': dom.count('<li class="step first">') == 5,
    'claim table': '<h2>Claims</h2>' in dom,
    'no script': '<script' not in dom.lower(),
}
bad = [k for k, ok in checks.items() if not ok]
if bad:
    sys.exit('FAIL: DOM: ' + ', '.join(bad))
log = json.load(open(sys.argv[2]))
names = {v: k for k, v in log['constants']['logEventTypes'].items()}
for e in log['events']:
    p = e.get('params', {})
    if names.get(e['type']) != 'URL_REQUEST_START_JOB' or 'url' not in p:
        continue
    # Chromium's own services have no origin; whatever the page asks for has the page's.
    if p.get('initiator') != 'not an origin' and not p['url'].startswith(('file:', 'data:')):
        sys.exit('FAIL: the page requested ' + p['url'])
print('dom + network log: ok')
EOF

# 3. The screenshot: right size, not blank, the plots drawn in the model colours.
timeout 120 "${browser[@]}" --user-data-dir="$work/profile2" --screenshot="$work/shot.png" \
  "file://$html" >/dev/null 2>"$work/shot.err" ||
  fail "chromium --screenshot failed: $(tail -3 "$work/shot.err")"
[[ -s "$work/shot.png" ]] || fail "no screenshot"
python3 - "$work/shot.png" <<'EOF'
import struct, sys, zlib

def decode(path):
    """Rows of a non-interlaced 8-bit RGB/RGBA PNG, unfiltered (PNG spec, section 9)."""
    d = open(path, 'rb').read()
    if d[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit('FAIL: not a PNG')
    i, idat = 8, []
    while i < len(d):
        n, = struct.unpack('>I', d[i:i + 4])
        kind, body = d[i + 4:i + 8], d[i + 8:i + 8 + n]
        i += 12 + n
        if kind == b'IHDR':
            w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat.append(body)
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit('FAIL: unexpected PNG format')
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(b''.join(idat)), w * bpp
    prev, rows = bytearray(stride), []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride) if f else ():
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + ((a + b) >> 1)) & 255
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows

w, h, bpp, rows = decode(sys.argv[1])
if (w, h) != (1280, 2400):
    sys.exit(f'FAIL: screenshot is {w}x{h}, expected 1280x2400')
colours, counts = {}, {}
for row in rows:
    for x in range(0, len(row), bpp):
        px = bytes(row[x:x + 3])
        colours[px] = colours.get(px, 0) + 1
top = max(colours.values())
model = {'a': bytes.fromhex('4e79a7'), 'b': bytes.fromhex('f28e2b'), 'c': bytes.fromhex('59a14f')}
shown = {k: colours.get(v, 0) for k, v in model.items()}
print(f'screenshot {w}x{h}: {len(colours)} colours, background {100 * top / (w * h):.1f}%, '
      f'model colour pixels {shown}')
if len(colours) < 100 or top > 0.97 * w * h:
    sys.exit('FAIL: the screenshot looks blank')
if min(shown.values()) < 2000:
    sys.exit('FAIL: the plots are not drawn in the model colours')
EOF
echo "cli_report_browser: ok"
