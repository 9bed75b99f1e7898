#!/bin/sh
# student.sh -- the students' skeleton examples/student/backward.c, as
# shipped: it builds into a module that gradcheck loads, and gradcheck
# finds all seven of its gradients (all zero) wrong, with exit status 1.
# dz2, dW2 and dW1 are roots with the cause "zero"; db2, dp1, dz1 and db1
# are inherited, since zero is the right value for them given a zero
# upstream gradient (dW2 and dW1 are not: their reg term 2 reg W is not
# zero).  TAP output.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
so="$top_builddir/examples/student/.libs/backward.so"
tab=$(printf '\t')

echo "1..11"
if ! test -f "$so"; then
  echo "Bail out! $so was not built"
  exit 1
fi
out=$("$gc" --backward "$so" --format tsv 2>"${TMPDIR:-/tmp}/student.$$")
st=$?
err=$(cat "${TMPDIR:-/tmp}/student.$$")
rm -f "${TMPDIR:-/tmp}/student.$$"

n=0
check () { # description, then a command whose success is the test
  n=$((n + 1)) desc=$1
  shift
  if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; fi
}
check "gradcheck --backward student/backward.so exits 1 (got $st)" \
  test "$st" = 1
check "nothing on stderr" test -z "$err"
header="grad${tab}rows${tab}cols${tab}global_err${tab}local_err${tab}worst"
header="$header${tab}status${tab}cause${tab}where"
check "the TSV header" test "$(printf '%s\n' "$out" | sed -n 2p)" = "$header"
for g in "dz2 5 3 root zero" "dW2 10 3 root zero" "db2 1 3 inherited -" \
         "dp1 5 10 inherited -" "dz1 5 10 inherited -" "dW1 4 10 root zero" \
         "db1 1 10 inherited -"; do
  set -- $g
  check "$1 ($2x$3): $4 $5" sh -c \
    'printf "%s\n" "$1" | grep -q "^$2	$3	$4	.*	$5	$6	[^	]*\$"' \
    sh "$out" "$1" "$2" "$3" "$4" "$5"
done
line=$(grep -n 'gsl_matrix_set_zero (g->dz2)' "$srcdir/examples/student/backward.c" |
  cut -d: -f1)
check "dz2's where: backward.c:$line, the line that zeroes it" sh -c \
  'printf "%s\n" "$1" | grep -q "^dz2	.*	backward.c:$2\$"' sh "$out" "$line"
