#!/bin/sh
# npz-numpy.sh -- gradcheck --npy on arrays saved by numpy as students save
# them: CS231n's grads dict as grads.npz (stored and compressed), loss.npy
# and scores.npy, one .npz archive holding everything, float32; and the
# cases refused or warned about: no gradient at all, a misnamed file, dp1
# masked in place.  Every value loaded is compared with numpy's own, to
# the last digit (checks/npy-dump prints them).  TAP output; skips when
# numpy is not installed.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
dump="$top_builddir/checks/npy-dump"
py=
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import numpy' 2>/dev/null; then py=$p; break; fi
done
if test -z "$py"; then
  echo "1..0 # SKIP numpy is not installed (Debian: python3-numpy)"
  exit 0
fi
tmp=npz-numpy.tmp.$$
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp" || exit 1
"$py" "$srcdir/checks/npz-cases.py" "$tmp/cases" >"$tmp/list" ||
  { echo "Bail out! npz-cases.py failed"; exit 1; }
echo "1..$(($(wc -l <"$tmp/list") * 2))"
n=0
result () { # description, then a command whose success is the test
  n=$((n + 1)) desc=$1
  shift
  if "$@"; then echo "ok $n - $desc"; else
    echo "not ok $n - $desc"; failed=1
  fi
}
tab=$(printf '\t')
while IFS=$tab read -r name path kind; do
  want="$tmp/cases/$name.want"
  "$dump" "$path" >"$tmp/got" 2>"$tmp/dump.err"
  "$gc" --npy "$path" --format tsv >"$tmp/out" 2>"$tmp/err"
  st=$?
  case $kind in
    dump)
      result "$name: every array loaded as numpy saved it" \
        cmp -s "$tmp/got" "$want"
      result "$name: gradcheck checks it (status $st), nothing on stderr" \
        sh -c "test $st -le 1 && test ! -s '$tmp/err' &&
               test \$(grep -c '^d.*	ok	-	-\$' '$tmp/out') = \
                    \$(sed -n 's/^present//p' '$want' | wc -w)" ;;
    warned)
      result "$name: loaded with the aliased gradient absent" \
        cmp -s "$tmp/got" "$want"
      result "$name: one warning line, dp1 absent in the report" \
        sh -c "test $st -le 1 && test \$(wc -l <'$tmp/err') = 1 &&
               grep -qx 'gradcheck: $path: $(sed -n 's/^warning //p' "$want")' \
                 '$tmp/err' &&
               grep -q '^dp1	.*	absent	-	-\$' '$tmp/out'" ;;
    refused)
      result "$name: npy-dump refuses it with the message" \
        test "$(cat "$tmp/dump.err")" = "npy-dump: $path: $(cat "$want")"
      result "$name: gradcheck exits 2 with one line naming $path" \
        sh -c "test $st = 2 && test ! -s '$tmp/out' &&
               test \"\$(cat '$tmp/err')\" = \"gradcheck: $path: \$(cat '$want')\"" ;;
  esac
  if test "$kind" != refused && ! cmp -s "$tmp/got" "$want"; then
    diff "$want" "$tmp/got" | head -5 | sed 's/^/# /'
    sed 's/^/# /' "$tmp/dump.err"
  fi
done <"$tmp/list"
exit 0
