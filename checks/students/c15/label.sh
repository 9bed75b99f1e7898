#!/bin/sh
# label.sh OUTDIR -- build label.c into OUTDIR/label, run it on every
# OUTDIR/s*.so (built by build.sh), and compare its roots with labels.tsv.
# Exit status 0 when every row of labels.tsv agrees with the labeller.
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../../.." && pwd)/src
out=${1:?usage: label.sh OUTDIR}
cc -O2 -I"$src" $(pkg-config --cflags gsl) -o "$out/label" "$here/label.c" \
   $(pkg-config --libs gsl) -ldl -rdynamic || exit 2
"$out/label" "$out"/s*.so > "$out/label.out"
cat "$out/label.out"
tab=$(printf '\t')
bad=0
tail -n +2 "$here/labels.tsv" | {
  while IFS="$tab" read -r file correct root line note; do
    got=$(awk -F'\t' -v f="$file" '$1==f{sub(/^local: /,"",$3); print $2, $3}' "$out/label.out")
    if [ "$correct" = yes ]; then want="correct -"; else want="WRONG $root"; fi
    if [ "$got" != "$want" ]; then
      echo "DISAGREE $file: labels.tsv '$want', labeller '$got'"; bad=1
    fi
  done
  [ $bad -eq 0 ] && echo "labels.tsv agrees with the labeller on all rows"
  exit $bad
}
