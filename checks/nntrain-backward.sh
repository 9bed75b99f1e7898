#!/bin/sh
# nntrain-backward.sh -- training with a foreign backward pass, as TAP: a
# student's shared object (the students of checks/students/c, built into
# checks/sandbox/) or a bug of the zoo, on the shipped Fashion-MNIST subset.
#   - the report's bug (dz1 masked on the sign of dp1) stops at the first
#     check with gradcheck's report, its cause and its line: exit 1;
#   - with --check-every 0 it trains, and the summary names the symptom;
#   - a correct student trains through every check and reaches what the
#     reference backward pass reaches;
#   - a crash, an endless loop and a write out of bounds: exit 2, one line;
#   - --plot draws the run beside the reference's;
#   - bad combinations of options: exit 2.
: "${srcdir:=.}" "${top_builddir:=.}"
nntrain="$top_builddir/src/nntrain"
dir="$top_builddir/checks/sandbox"
tmp=${TMPDIR:-/tmp}/nntrain-backward.$$
trap 'rm -rf "$tmp"*' EXIT

if ! test -f "$dir/c04-getset-mask.so"; then
  echo "1..0 # SKIP the students' objects were not built ($dir)"
  exit 0
fi
echo "1..11"
n=0
ok () {
  n=$((n + 1))
  if test "$1" = 0; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

# 1-2. The report's bug, checked by default: stopped before step 11.
"$nntrain" --quiet --backward "$dir/c04-getset-mask.so" >"$tmp.out" \
  2>"$tmp.err"
st=$?
grep -q "^The check before step 11 finds the backward pass wrong" "$tmp.out" &&
  grep -q "^dz1 .*ROOT *relu-mask-sign" "$tmp.out" &&
  ! grep -q "test accuracy" "$tmp.out"
ok $(( $? + (st != 1) )) "relu-mask-sign: stopped at the first check, exit 1 (got $st)"
grep -q "^dz1 is a root cause (relu-mask-sign) at c04-getset-mask.c:59: " \
  "$tmp.out"
ok $? "relu-mask-sign: the line of the mistake"

# 3. Unchecked, it trains, and the summary names the symptom.
"$nntrain" --quiet --epochs 2 --check-every 0 \
  --backward "$dir/c04-getset-mask.so" >"$tmp.out" 2>"$tmp.err"
st=$?
grep -q "^symptom: the training loss .* the validation accuracy, .* is far below the .* that the reference backward pass reaches on the same data and seed: likely a wrong gradient" "$tmp.out" &&
  grep -q "^test accuracy" "$tmp.out"
ok $(( $? + (st != 0) )) "--check-every 0: trains and prints the symptom (exit $st)"

# 4. A correct student's pass trains through its checks (before steps 10,
# 100 and 200) to the reference's accuracy.
"$nntrain" --quiet --backward "$dir/c03-blas.so" >"$tmp.out" 2>"$tmp.err"
st=$?
line=$(grep "^validation accuracy" "$tmp.out")
acc=$(echo "$line" | sed -n 's/^validation accuracy \([0-9.]*\);.* reaches \([0-9.]*\) .*/\1 \2/p')
awk -v a="${acc% *}" -v b="${acc#* }" 'BEGIN { d = a - b;
  exit !(a != "" && b > 0.8 && d < 0.01 && d > -0.01) }' &&
  ! grep -q symptom "$tmp.out"
ok $(( $? + (st != 0) )) "a correct student trains to the reference's accuracy: $line"

# 5-7. Hostile passes: one line, exit 2, nothing on stdout.
hostile () {
  "$nntrain" --quiet --timeout 1 --backward "$dir/$1.so" >"$tmp.out" \
    2>"$tmp.err"
  st=$?
  test $st = 2 && test ! -s "$tmp.out" && test "$(wc -l <"$tmp.err")" = 1 &&
    grep -q "^nntrain: .*$1.so: $2" "$tmp.err"
  ok $? "$1: exit 2 (got $st), one line: $(head -c 120 "$tmp.err")"
}
hostile c24-null "killed by SIGSEGV in step 1"
hostile c25-while "made no progress for 1 s in step 1"
hostile c26-flat-oob "killed by SIGSEGV in step 1"

# 8. A bug of the zoo is checked by default too.
"$nntrain" --quiet --inject relu-no-mask >"$tmp.out" 2>"$tmp.err"
st=$?
grep -q "^dz1 .*ROOT *relu-no-mask" "$tmp.out"
ok $(( $? + (st != 1) )) "--inject relu-no-mask: stopped by the check, exit 1 (got $st)"

# 9. --plot draws both runs (the script is written even without gnuplot).
GNUPLOT=/nonexistent/gnuplot "$nntrain" --quiet --epochs 1 --check-every 0 \
  --inject relu-mask-sign --plot "$tmp.png" >"$tmp.out" 2>"$tmp.err"
grep -q '^\$refloss << EOD' "$tmp.gp" && grep -q '^\$loss << EOD' "$tmp.gp" &&
  grep -q "title 'reference backward pass'" "$tmp.gp" &&
  grep -q "title 'relu-mask-sign'" "$tmp.gp"
ok $? "--plot: the run beside the reference's"

# 10-11. Usage.
"$nntrain" --backward "$dir/c03-blas.so" --inject relu-no-mask \
  >"$tmp.out" 2>"$tmp.err"
st=$?
test $st = 2 && grep -q "^nntrain: --backward: give one of" "$tmp.err"
ok $? "--backward with --inject: exit 2 (got $st)"
"$nntrain" --backward "$tmp.missing.so" >"$tmp.out" 2>"$tmp.err"
st=$?
test $st = 2 && test "$(wc -l <"$tmp.err")" = 1 &&
  grep -q "missing.so: No such file" "$tmp.err"
ok $? "--backward of a missing file: exit 2 (got $st)"
