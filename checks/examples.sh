#!/bin/sh
# examples.sh -- run every numbered example and compare its output with the
# saved examples/NN-name.expected, as TAP.
: "${srcdir:=.}" "${top_builddir:=.}"
set -- $(cd "$srcdir/examples" && ls [0-9][0-9]-*.expected | sed 's/\.expected$//')
echo "1..$#"
n=0
for name in "$@"; do
  n=$((n + 1))
  out=$(cd "$srcdir" && "$OLDPWD/$top_builddir/examples/$name" 2>&1)
  if [ "$out" = "$(cat "$srcdir/examples/$name.expected")" ]; then
    echo "ok $n - examples/$name matches examples/$name.expected"
  else
    echo "not ok $n - examples/$name differs from examples/$name.expected"
    printf '%s\n' "$out" | diff "$srcdir/examples/$name.expected" - | sed 's/^/# /'
  fi
done
