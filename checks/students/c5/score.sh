#!/bin/sh
# score.sh OUTDIR -- run gradcheck on each OUTDIR/NAME.so (built by build.sh)
# on a random 5-10-3 net with 7 samples and score it against labels.tsv.
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: score.sh OUTDIR}
gc=${GRADCHECK:-$here/../../../src/gradcheck}
ok=0; nok=0; bug=0; nbug=0; roots=0
tab=$(printf '\t')
while IFS="$tab" read -r file correct root line note; do
  [ "$file" = file ] && continue
  b=${file%.c}
  tsv=$("$gc" --backward "$out/$b.so" --net 5,10,3 --batch 7 --format tsv 2>/dev/null)
  rc=$?
  got=$(printf '%s\n' "$tsv" | awk -F'\t' '$7=="root"{printf "%s%s(%s@%s)", s, $1, $8, $9; s=","}')
  if [ "$correct" = yes ]; then
    nok=$((nok+1))
    if [ $rc -eq 0 ]; then ok=$((ok+1)); v=RIGHT; else v=MISS; fi
  else
    nbug=$((nbug+1))
    where=$(printf '%s\n' "$tsv" | awk -F'\t' -v r="$root" '$1==r && $7=="root"{print $9}')
    isroot=no; [ -n "$where" ] && isroot=yes && roots=$((roots+1))
    v=MISS
    case "$where" in
      *"$file:$line") [ $rc -eq 1 ] && v=RIGHT ;;
    esac
    [ $v = RIGHT ] && bug=$((bug+1))
  fi
  printf '%s\t%s\texit=%s\tlabel=%s:%s\tgot=%s\n' "$v" "$file" "$rc" "$root" "$line" "${got:--}"
done < "$here/labels.tsv"
echo "correct $ok/$nok  buggy right $bug/$nbug  roots right $roots/$nbug"
