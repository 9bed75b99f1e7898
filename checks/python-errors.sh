#!/bin/sh
# python-errors.sh -- gradcheck --python on students' files that cannot be
# run (checks/py-students/errors.tsv: a missing file, a syntax error, an
# exception in __init__ or loss, no such class or method, grads missing a
# key or of the wrong shape, NaN, a loss that never returns, a module not
# installed): each is exit 2, one line on stderr naming the file (and the
# line, where there is one), nothing on stdout, never a traceback.  TAP.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
dir="$srcdir/checks/py-students"
if ! "${PYTHON:-/usr/bin/python3}" -c 'import numpy' 2>/dev/null; then
  echo "1..0 # SKIP numpy is not installed (Debian: python3-numpy)"
  exit 0
fi
tmp=${TMPDIR:-/tmp}/python-errors.$$
trap 'rm -f "$tmp".*' EXIT
tab=$(printf '\t')
echo "1..$(grep -vc '^#' "$dir/errors.tsv")"
n=0
grep -v '^#' "$dir/errors.tsv" |
while IFS=$tab read -r file args line message; do
  n=$((n + 1))
  test "$args" = - && args=
  # the runner's --timeout is gradcheck's
  "$gc" --python "$dir/$file" $args >"$tmp.out" 2>"$tmp.err"
  st=$?
  path="$dir/${file%%:*}"
  want="gradcheck: $path:"
  test "$line" != - && want="$want${line%%|*}"
  if test $st = 2 && test ! -s "$tmp.out" && test "$(wc -l <"$tmp.err")" = 1 &&
     grep -qF "$message" "$tmp.err" &&
     { test "$line" = - || grep -q "^gradcheck: $path:\\(${line%%|*}\\|${line##*|}\\|[0-9]*\\): " "$tmp.err"; }
  then
    echo "ok $n - $file: exit 2, one line: $(cat "$tmp.err")"
  else
    echo "not ok $n - $file: exit $st, $(wc -l <"$tmp.err") lines: $(head -3 "$tmp.err")"
  fi
done
