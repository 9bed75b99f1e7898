#!/bin/sh
# score.sh OUTDIR -- run gradcheck on every student of this set (built by
# build.sh OUTDIR) and score it against labels.tsv:
#   a correct file is right when gradcheck exits 0;
#   a buggy file is right when gradcheck exits 1, every labelled root
#   gradient has status root, and the where of each is FILE:LINE of the
#   label.
# One line per file, then the totals.  GRADCHECK overrides the program
# (default: src/gradcheck of this tree); GC_ARGS the network and batch.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=${1:?usage: score.sh OUTDIR}
gc=${GRADCHECK:-$top/src/gradcheck}
args=${GC_ARGS:---net 5,10,3 --batch 7}

tab=$(printf '\t')
ngood=0 nbad=0 okgood=0 okbad=0 exitok=0 rootok=0
while IFS="$tab" read -r file correct root line note; do
  [ "$file" = file ] && continue
  b=${file%.c}
  tsv=$("$gc" --backward "$out/$b.so" $args --format tsv 2>/dev/null)
  rc=$?
  # the roots gradcheck reports, as grad:cause@where
  got=$(printf '%s\n' "$tsv" | awk -F '\t' '$7 == "root" { printf "%s%s:%s@%s", sep, $1, $8, $9; sep = " " }')
  [ -n "$got" ] || got=-
  if [ "$correct" = yes ]; then
    ngood=$((ngood + 1))
    if [ $rc -eq 0 ]; then verdict=RIGHT; okgood=$((okgood + 1)); else verdict="MISS(exit $rc)"; fi
  else
    nbad=$((nbad + 1))
    why=
    [ $rc -eq 1 ] || why="exit $rc"
    [ $rc -eq 1 ] && exitok=$((exitok + 1))
    allroots=1
    i=1
    for r in $(printf '%s' "$root" | tr ',' ' '); do
      l=$(printf '%s' "$line" | cut -d, -f$i)
      st=$(printf '%s\n' "$tsv" | awk -F '\t' -v g="$r" '$1 == g { print $7 }')
      wh=$(printf '%s\n' "$tsv" | awk -F '\t' -v g="$r" '$1 == g { print $9 }')
      if [ "$st" != root ]; then
        allroots=0
        why="${why:+$why; }$r is ${st:-missing}"
      elif [ "$wh" != "$file:$l" ]; then
        why="${why:+$why; }$r where $wh, label $file:$l"
      fi
      i=$((i + 1))
    done
    [ $rc -eq 1 ] && [ $allroots -eq 1 ] && rootok=$((rootok + 1))
    if [ -z "$why" ]; then verdict=RIGHT; okbad=$((okbad + 1)); else verdict="MISS($why)"; fi
  fi
  printf '%-18s %-3s %-8s %-6s exit=%d  %-7s gradcheck: %s\n' \
    "$file" "$correct" "$root" "$line" "$rc" "${verdict%%(*}" "$got"
  case $verdict in MISS*) printf '%18s %s\n' '' "${verdict#MISS}" ;; esac
done < "$here/labels.tsv"
echo "correct files passing (exit 0):      $okgood / $ngood"
echo "buggy files exiting 1:               $exitok / $nbad"
echo "buggy files with every root named:   $rootok / $nbad"
echo "buggy files right (roots and lines): $okbad / $nbad"
echo "total right:                         $((okgood + okbad)) / $((ngood + nbad))"
