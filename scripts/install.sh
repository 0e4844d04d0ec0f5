#!/bin/sh
# Install followup into ./.venv with the pinned versions in requirements.lock.
# Usage: sh scripts/install.sh        (the app)
#        sh scripts/install.sh test   (the app and its test tools)
#        sh scripts/install.sh bench  (the app and the benchmarks' neural voice)
# Needs only Python >= 3.11: no sudo. Where Debian/Ubuntu lack python3-venv's ensurepip,
# the venv is made without pip and pip is fetched from PyPI.
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "followup needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv 2>/dev/null || { rm -rf .venv; "$PYTHON" -m venv --without-pip .venv; }
fi
if ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
    .venv/bin/python - <<'PY'
import json, subprocess, sys, tempfile, urllib.request, pathlib
info = json.load(urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60))
wheel = next(u for u in info["urls"] if u["filename"].endswith(".whl"))
path = pathlib.Path(tempfile.mkdtemp()) / wheel["filename"]
path.write_bytes(urllib.request.urlopen(wheel["url"], timeout=120).read())
subprocess.check_call([sys.executable, f"{path}/pip", "install", "-q", str(path)])
PY
fi
extra=""
[ "${1:-}" = "test" ] && extra="[test]"
[ "${1:-}" = "bench" ] && extra="[bench]"
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock -e ".$extra"
