#!/bin/sh
# students-c.sh -- gradcheck --backward on the labelled students' C backward
# passes of checks/students/c (built with -g -O0 into checks/sandbox/ for
# t-sandbox), as TAP:
#   each correct one: exit 0;
#   each hostile one (a crash, a hang, a write out of bounds): exit 2, one
#   line on stderr naming the object, nothing on stdout;
#   the buggy ones: exit 1 with the labelled root gradient a root cause and
#   every labelled line in the column where; at least 90% of them.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
dir="$top_builddir/checks/sandbox"
labels="$srcdir/checks/students/c/labels.tsv"
tmp=${TMPDIR:-/tmp}/students-c.$$
trap 'rm -f "$tmp".*' EXIT
tab=$(printf '\t')

if ! test -f "$dir/c01-loops.so"; then
  echo "1..0 # SKIP the students' objects were not built ($dir)"
  exit 0
fi
plan=$(awk -F'\t' 'NR > 1 && ($2 == "yes" || $3 ~ /^(crash|hang|oob)$/)' \
  "$labels" | wc -l)
echo "1..$((plan + 1))"
n=0 buggy=0 right=0
while IFS=$tab read -r file correct root line note; do
  test "$file" = file && continue
  so="$dir/${file%.c}.so"
  "$gc" --backward "$so" --net 5,10,3 --batch 7 --timeout 3 --format tsv \
    >"$tmp.out" 2>"$tmp.err"
  st=$?
  case $correct/$root in
    yes/*)
      n=$((n + 1))
      if test $st = 0; then r=ok; else r="not ok"; fi
      echo "$r $n - $file (correct): exit 0 (got $st)" ;;
    */crash|*/hang|*/oob)
      n=$((n + 1))
      if test $st = 2 && test ! -s "$tmp.out" &&
         test "$(wc -l <"$tmp.err")" = 1 &&
         grep -q "^gradcheck: $so: " "$tmp.err"; then r=ok; else r="not ok"
      fi
      echo "$r $n - $file ($root): exit 2, one line: $(cat "$tmp.err")" ;;
    *)
      buggy=$((buggy + 1))
      first=${root%%,*}
      good=$st
      if test $st = 1 &&
         awk -F'\t' -v g="$first" '$1 == g && $7 == "root" { f = 1 }
                                   END { exit !f }' "$tmp.out"; then
        good=0
        for l in $(echo "$line" | tr , ' '); do
          awk -F'\t' -v w="$file:$l" '$7 == "root" && $9 == w { f = 1 }
                                      END { exit !f }' "$tmp.out" || good=1
        done
      fi
      if test "$good" = 0; then
        right=$((right + 1))
      else
        echo "# judged wrong: $file (root $root, line $line): exit $st;" \
          $(awk -F'\t' '$7 == "root" { printf "%s %s at %s; ", $1, $8, $9 }' \
            "$tmp.out")
      fi ;;
  esac
done <"$labels"
n=$((n + 1))
if test $((right * 10)) -ge $((buggy * 9)); then r=ok; else r="not ok"; fi
echo "$r $n - $right of $buggy buggy students: the root and the line of" \
  "each mistake (at least 90%)"
