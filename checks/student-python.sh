#!/bin/sh
# student-python.sh -- the student kit's examples/student/neural_net.py,
# which has the report's two mistakes, through gradcheck --python: exit 1,
# dz1 a root cause (relu-mask-sign) at the masking line, dW2 one (a second
# 1/N) at the line that builds it, each found by the line's text in the
# file; dW1 and db1 inherited.  TAP output; skips without numpy.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
file="$srcdir/examples/student/neural_net.py"
if ! "${PYTHON:-/usr/bin/python3}" -c 'import numpy' 2>/dev/null; then
  echo "1..0 # SKIP numpy is not installed (Debian: python3-numpy)"
  exit 0
fi
echo "1..5"
out=$("$gc" --python "$file" --format tsv 2>&1)
st=$?
n=0
check () { # description, then a command whose success is the test
  n=$((n + 1)) desc=$1
  shift
  if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; fi
}
line_of () { grep -nF "$1" "$file" | cut -d: -f1; }
mask=$(line_of 'dhidden[dhidden < 0] = 0')
dw2=$(line_of "grads['W2'] =")
check "exit 1 (got $st)" test "$st" = 1
check "dz1: root relu-mask-sign at neural_net.py:$mask" sh -c \
  'printf "%s\n" "$1" | grep -q "^dz1	.*	root	relu-mask-sign	neural_net.py:$2\$"' \
  sh "$out" "$mask"
check "dW2: root scale (1/N twice) at neural_net.py:$dw2" sh -c \
  'printf "%s\n" "$1" | grep -q "^dW2	.*	root	scale:0.142857	neural_net.py:$2\$"' \
  sh "$out" "$dw2"
check "dW1 and db1 inherited" sh -c \
  'test $(printf "%s\n" "$1" | grep -c "^d[Wb]1	.*	inherited	-	-\$") = 2' \
  sh "$out"
check "the loss and the scores agree" sh -c \
  'printf "%s\n" "$1" | grep -q "^loss	.*	ok	" &&
   printf "%s\n" "$1" | grep -q "^scores	.*	ok	"' sh "$out"
