#!/bin/sh
# score.sh OUTDIR -- run gradcheck on every OUTDIR/X.so (built by build.sh)
# against labels.tsv; one line per file and totals.
#   right: correct file exits 0; buggy file exits 1, the labelled root is
#   reported as a root, and its `where` is FILE:LINE of the label.
#   root : as right, but the line is not compared.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=${1:?usage: score.sh OUTDIR}
gc=${GRADCHECK:-$top/src/gradcheck}
printf 'file\tlabel\texit\tgradcheck_roots\tright\troot_right\n'
tail -n +2 "$here/labels.tsv" | {
  cp=0 nc=0 br=0 brr=0 nb=0
  while IFS='	' read -r file correct root line note; do
    b=${file%.c}
    res=$("$gc" --backward "$out/$b.so" --net 5,10,3 --batch 7 --format tsv 2>/dev/null)
    rc=$?
    roots=$(printf '%s\n' "$res" | awk -F'\t' '$7=="root"{printf "%s%s:%s@%s", s, $1, $8, $9; s=","}')
    [ -n "$roots" ] || roots=-
    if [ "$correct" = yes ]; then
      nc=$((nc+1)); lab=correct
      if [ $rc -eq 0 ]; then ok=yes; rok=yes; cp=$((cp+1)); else ok=no; rok=no; fi
    else
      nb=$((nb+1)); lab="$root@$line"
      w=$(printf '%s\n' "$res" | awk -F'\t' -v g="$root" '$1==g && $7=="root"{print $9}')
      rok=no; ok=no
      if [ $rc -eq 1 ] && [ -n "$w" ]; then
        rok=yes; brr=$((brr+1))
        case "$w" in *"$b.c:$line") ok=yes; br=$((br+1));; esac
      fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$lab" "$rc" "$roots" "$ok" "$rok"
  done
  printf 'TOTAL\tcorrect passed %d/%d\tbuggy right %d/%d\troots right (any line) %d/%d\n' \
    $cp $nc $br $nb $brr $nb
}
