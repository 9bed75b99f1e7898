#!/bin/sh
# nntrain-python.sh -- training with a student's Python TwoLayerNet
# (nntrain --python), on the shipped Fashion-MNIST subset, as TAP:
#   - the student report's file (examples/student/neural_net.py: dW2 with
#     1/N twice at line 49, dz1 masked on dp1's sign at line 52) stops at
#     the first check with both roots and their lines: exit 1;
#   - a correct student trains through its checks to the reference's
#     accuracy;
#   - a correct student whose loss sums over the batch is trained as a
#     mean, and told so;
#   - a loss that never returns, or raises: exit 2, one line.
: "${srcdir:=.}" "${top_builddir:=.}"
nntrain="$top_builddir/src/nntrain"
if ! "${PYTHON:-/usr/bin/python3}" -c 'import numpy' 2>/dev/null; then
  echo "1..0 # SKIP numpy is not installed (Debian: python3-numpy)"
  exit 0
fi
tmp=${TMPDIR:-/tmp}/nntrain-python.$$
trap 'rm -f "$tmp".*' EXIT
echo "1..6"
n=0
ok () {
  n=$((n + 1))
  if test "$1" = 0; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

# 1-2. The report's two mistakes, found by the first check.
"$nntrain" --quiet --python "$srcdir/examples/student/neural_net.py" \
  >"$tmp.out" 2>"$tmp.err"
st=$?
grep -q "^The check before step 11 finds the backward pass wrong" "$tmp.out" &&
  ! grep -q "test accuracy" "$tmp.out"
ok $(( $? + (st != 1) )) "the report's file: stopped at the first check, exit 1 (got $st)"
grep -q "^dW2 is a root cause (scale:0.1) at neural_net.py:49: " "$tmp.out" &&
  grep -q "^dz1 is a root cause (relu-mask-sign) at neural_net.py:52: " \
    "$tmp.out"
ok $? "the report's file: both roots at their lines"

# 3. A correct student (the library's convention) trains to the reference.
"$nntrain" --quiet --epochs 3 \
  --python "$srcdir/checks/students/py/student18.py" >"$tmp.out" 2>"$tmp.err"
st=$?
acc=$(sed -n 's/^validation accuracy \([0-9.]*\);.* reaches \([0-9.]*\) .*/\1 \2/p' \
  "$tmp.out")
awk -v a="${acc% *}" -v b="${acc#* }" 'BEGIN { d = a - b;
  exit !(a != "" && b > 0.8 && d < 0.01 && d > -0.01) }'
ok $(( $? + (st != 0) )) "a correct student trains to the reference's accuracy ($acc, exit $st)"

# 4. A correct student whose loss is a sum (and penalises the biases).
"$nntrain" --quiet --epochs 3 \
  --python "$srcdir/checks/students/py/student05.py" >"$tmp.out" 2>"$tmp.err"
st=$?
grep -q "student05.py: your loss sums the cross-entropy over the batch" \
  "$tmp.err" && grep -q "^validation accuracy" "$tmp.out" &&
  ! grep -q symptom "$tmp.out"
r=$(( $? + (st != 0) ))
[ $r -eq 0 ] || sed 's/^/# stderr: /' "$tmp.err"
ok $r "a summed loss is trained as a mean, and told so (exit $st)"

# 5-6. Students' code that never returns, or raises: one line, exit 2.
for f in err-loop.py err-raise.py; do
  "$nntrain" --quiet --timeout 1 --python "$srcdir/checks/py-students/$f" \
    >"$tmp.out" 2>"$tmp.err"
  st=$?
  test $st = 2 && test ! -s "$tmp.out" && test "$(wc -l <"$tmp.err")" = 1 &&
    grep -q "^nntrain: .*$f:[0-9]*: " "$tmp.err"
  ok $? "$f: exit 2 (got $st), one line: $(head -c 120 "$tmp.err")"
done
