#!/bin/sh
# npy-numpy.sh -- gradcheck --npy on cases written by numpy itself: an
# independent numpy backward pass, right and with students' mistakes
# (single, two at once, near kinks, float32, parameters only), each case's
# every status and cause compared with what it must be.  TAP output; skips
# when numpy is not installed.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
py=
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import numpy' 2>/dev/null; then py=$p; break; fi
done
if test -z "$py"; then
  echo "1..0 # SKIP numpy is not installed (Debian: python3-numpy)"
  exit 0
fi
tmp=npy-numpy.tmp.$$
trap 'rm -rf "$tmp"' EXIT
"$py" "$srcdir/checks/npy-cases.py" "$srcdir/data/toy.txt" "$tmp" >"$tmp.list" ||
  { echo "Bail out! npy-cases.py failed"; exit 1; }
mv "$tmp.list" "$tmp/list"
echo "1..$(($(wc -l <"$tmp/list") + 1))"
n=0
tab=$(printf '\t')
while IFS=$tab read -r name dir want; do
  n=$((n + 1))
  got=$("$gc" --npy "$dir" --format tsv | tail -n +3 |
        awk -F'\t' '{ s = $7; if ($7 == "root") s = $7 ":" $8;
                      printf "%s%s=%s", (NR > 1 ? " " : ""), $1, s }')
  if test "$got" = "$want"; then
    echo "ok $n - $name: $got"
  else
    echo "not ok $n - $name"
    echo "#  got  $got"
    echo "#  want $want"
  fi
done <"$tmp/list"
n=$((n + 1))
loss=$("$gc" --npy "$tmp/toy-correct" --format tsv | sed -n '1s/.*loss=\([^ ]*\).*/\1/p')
if awk -v l="$loss" 'BEGIN { d = l - 1.30378789133; exit !(d < 1e-10 && d > -1e-10) }'; then
  echo "ok $n - the toy net from numpy arrays has loss $loss"
else
  echo "not ok $n - the toy net from numpy arrays has loss $loss, not 1.30378789133"
fi
