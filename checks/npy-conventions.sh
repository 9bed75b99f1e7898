#!/bin/sh
# npy-conventions.sh -- a student's grads dict saved with the loss and the
# scores their code returned: correct code in each convention (the penalty
# reg or 1/2 reg, the biases penalised or not, the data loss a mean or a
# sum) is all ok, exit 0, and the TSV names the convention; a loss that
# counts W1 twice exits 1 naming the loss, and scores without b1 exit 1
# naming the forward pass.  TAP output; skips without numpy.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
py=
for p in "${PYTHON:-}" /usr/bin/python3 python3; do
  if test -n "$p" && "$p" -c 'import numpy' 2>/dev/null; then py=$p; break; fi
done
if test -z "$py"; then
  echo "1..0 # SKIP numpy is not installed (Debian: python3-numpy)"
  exit 0
fi
tmp=npy-conventions.tmp.$$
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp" || exit 1
"$py" "$srcdir/checks/npy-conventions.py" "$tmp/cases" >"$tmp/list" ||
  { echo "Bail out! npy-conventions.py failed"; exit 1; }
echo "1..$(($(wc -l <"$tmp/list") * 2))"
n=0
result () { # description, then a command whose success is the test
  n=$((n + 1)) desc=$1
  shift
  if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; fi
}
tab=$(printf '\t')
while IFS=$tab read -r name dir reg want; do
  "$gc" --npy "$dir" --reg "$reg" --format tsv >"$tmp/out" 2>"$tmp/err"
  st=$?
  case $want in
    ok)
      result "$name: exit 0 (got $st), nothing on stderr" \
        sh -c "test $st = 0 && test ! -s '$tmp/err'"
      result "$name: the convention found from the loss, every row ok" \
        sh -c "grep -q ' convention=$name\$' '$tmp/out' &&
               test \$(grep -c '	root	\\|	inherited	' '$tmp/out') = 0 &&
               grep -q '^loss	.*	ok	-	-\$' '$tmp/out' &&
               grep -q '^scores	.*	ok	-	-\$' '$tmp/out'" ;;
    *)
      set -- $want
      result "$name: exit 1 (got $st)" test $st = 1
      result "$name: the $1 row is the root, $2" \
        grep -q "^$1	.*	root	$2	-\$" "$tmp/out" ;;
  esac
done <"$tmp/list"
exit 0
