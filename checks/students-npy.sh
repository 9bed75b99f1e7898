#!/bin/sh
# students-npy.sh -- gradcheck --npy on the labelled students' Python files
# of checks/students/py, saved as a numpy user saves them (the grads dict
# as grads.npz, with the loss and the scores): see checks/students/score.py.
# TAP output; skips without numpy.
: "${srcdir:=.}" "${top_builddir:=.}"
for py in "${PYTHON:-}" /usr/bin/python3 python3; do
  test -n "$py" && "$py" -c 'import numpy' 2>/dev/null && break
  py=
done
if test -z "$py"; then
  echo "1..0 # SKIP numpy is not installed (Debian: python3-numpy)"
  exit 0
fi
exec "$py" "$srcdir/checks/students/score.py" "$top_builddir/src/gradcheck"
