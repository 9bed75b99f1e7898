#!/bin/sh
# score.sh OUTDIR -- run gradcheck on every c6 student .so in OUTDIR (built
# by build.sh) and score it against labels.tsv.  One line per file, then
# totals.  Right: correct file exits 0; buggy file exits 1, the labelled
# root is a root, and its where is the labelled line.
out=${1:?usage: score.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
gc=${GRADCHECK:-$here/../../../src/gradcheck}
ok_c=0 n_c=0 ok_b=0 n_b=0 root_b=0
tab=$(printf '\t')
tail -n +2 "$here/labels.tsv" | {
while IFS="$tab" read -r file correct root line note; do
  b=${file%.c}
  res=$("$gc" --backward "$out/$b.so" --net 5,10,3 --batch 7 --format tsv 2>&1)
  rc=$?
  roots=$(printf '%s\n' "$res" | awk -F'\t' '$7=="root"{printf "%s%s(%s@%s)", s, $1, $8, $9; s=","}')
  [ -n "$roots" ] || roots=-
  if [ "$correct" = yes ]; then
    n_c=$((n_c+1))
    if [ $rc -eq 0 ]; then v=RIGHT; ok_c=$((ok_c+1)); else v=MISS; fi
  else
    n_b=$((n_b+1))
    w=$(printf '%s\n' "$res" | awk -F'\t' -v r="$root" '$1==r && $7=="root"{print $9}')
    isroot=no; [ -n "$w" ] && isroot=yes && root_b=$((root_b+1))
    if [ $rc -eq 1 ] && [ "$isroot" = yes ] && [ "${w##*:}" = "$line" ]; then
      v=RIGHT; ok_b=$((ok_b+1))
    elif [ $rc -eq 1 ] && [ "$isroot" = yes ]; then v=MISS-LINE
    else v=MISS; fi
  fi
  printf '%-10s %-28s rc=%s label=%s:%s gradcheck=%s\n' "$v" "$file" "$rc" "$root" "$line" "$roots"
done
echo "correct right: $ok_c/$n_c   buggy right: $ok_b/$n_b   buggy roots right (any line): $root_b/$n_b"
}
