#!/bin/sh
# examples.sh -- run every numbered example and compare its output with the
# saved examples/NN-name.out, as TAP.
: "${srcdir:=.}" "${top_builddir:=.}"
set -- $(cd "$srcdir/examples" && ls [0-9][0-9]-*.out | sed 's/\.out$//')
echo "1..$#"
n=0
for name in "$@"; do
  n=$((n + 1))
  out=$(cd "$srcdir" && "$OLDPWD/$top_builddir/examples/$name" 2>&1)
  if [ "$out" = "$(cat "$srcdir/examples/$name.out")" ]; then
    echo "ok $n - examples/$name matches examples/$name.out"
  else
    echo "not ok $n - examples/$name differs from examples/$name.out"
    printf '%s\n' "$out" | diff "$srcdir/examples/$name.out" - | sed 's/^/# /'
  fi
done
