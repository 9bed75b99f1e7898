#!/bin/sh
# py-run.sh -- the Python side of gradcheck --python (python/backprop_check)
# on the students' files in checks/py-students/: runs checks/py-run.py with
# a Python that has numpy (PYTHON as configure chose it, else python3 or
# /usr/bin/python3).  TAP output; skips when none has numpy.
: "${srcdir:=.}" "${top_builddir:=.}"
py=
for p in "${PYTHON:-}" python3 /usr/bin/python3; do
  test -n "$p" && test "x$p" != x: || continue
  if "$p" -c 'import numpy' 2>/dev/null; then py=$p; break; fi
done
if test -z "$py"; then
  echo "1..0 # SKIP numpy is not installed (Debian: python3-numpy)"
  exit 0
fi
BACKPROP_PYTHONPATH=${BACKPROP_PYTHONPATH:-$srcdir/python}
PYTHONDONTWRITEBYTECODE=1       # the source tree stays clean
export srcdir top_builddir BACKPROP_PYTHONPATH PYTHONDONTWRITEBYTECODE
exec "$py" "$srcdir/checks/py-run.py"
