#!/bin/sh
# score-c.sh SETDIR OUTDIR -- run gradcheck on each student .so of the set
# in SETDIR (built into OUTDIR by its build.sh) and score it against the
# set's labels.tsv.  Prints one line per file and totals.  Each set's
# score.sh calls it.
here=$(cd "${1:?usage: score-c.sh SETDIR OUTDIR}" && pwd)
out=${2:?usage: score-c.sh SETDIR OUTDIR}
gc=${GRADCHECK:-$here/../../../src/gradcheck}
ok_c=0; n_c=0; ok_b=0; n_b=0; ok_r=0
tab=$(printf '\t')
tail -n +2 "$here/labels.tsv" | while IFS="$tab" read -r file correct root line note; do
  b=${file%.c}
  tsv=$("$gc" --backward "$out/$b.so" --net 5,10,3 --batch 7 --format tsv 2>/dev/null)
  rc=$?
  roots=$(printf '%s\n' "$tsv" | awk -F'\t' '$7=="root"{printf "%s%s", s, $1; s=","}')
  wheres=$(printf '%s\n' "$tsv" | awk -F'\t' '$7=="root"{printf "%s%s(%s)@%s", s, $1, $8, $9; s=" "}')
  if [ "$correct" = yes ]; then
    if [ $rc -eq 0 ]; then v=RIGHT; else v=MISS; fi
    echo "$v	$file	rc=$rc	label=correct	got=$wheres"
    echo "C $v" >> "$out/.score"
  else
    v=RIGHT; rv=RIGHT
    [ $rc -eq 1 ] || { v=MISS; rv=MISS; }
    k=0
    for r in $(echo "$root" | tr , ' '); do
      k=$((k + 1))
      l=$(echo "$line" | cut -d, -f$k)
      w=$(printf '%s\n' "$tsv" | awk -F'\t' -v r="$r" '$1==r && $7=="root"{print $9}')
      [ -n "$w" ] || { v=MISS; rv=MISS; continue; }
      [ "${w##*:}" = "$l" ] && [ "${w%%:*}" = "$file" ] || v=MISS
    done
    echo "$v	$file	rc=$rc	label=$root@$line	got=$wheres	roots=$rv"
    echo "B $v $rv" >> "$out/.score"
  fi
done
awk '$1=="C"{n++; if($2=="RIGHT")c++} $1=="B"{m++; if($2=="RIGHT")b++; if($3=="RIGHT")r++}
     END{printf "correct %d/%d  buggy right %d/%d  roots right %d/%d\n", c, n, b, m, r, m}' "$out/.score"
rm -f "$out/.score"
