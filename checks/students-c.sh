#!/bin/sh
# students-c.sh -- gradcheck --backward on the seven labelled sets of
# students' C backward passes, checks/students/c and c2 to c7, written by
# different hands from the interface alone (built with -g -O0 into
# checks/sandbox/ and checks/sandbox/c2/ to c7/), as TAP:
#   each correct one: exit 0;
#   each hostile one (a crash, a hang, a write out of bounds): exit 2, one
#   line on stderr naming the object, nothing on stdout;
#   the buggy ones of each set: exit 1 with every labelled root gradient a
#   root cause and every labelled line in the column where; at least 90%
#   of the first, second, fourth, sixth and seventh sets and 85% of the
#   third and fifth (measured: 18 of 18, 18 of 20, 16 of 18, 15 of 16, 12
#   of 14, 14 of 14, 12 of 12; when they were written, before the rules
#   they taught: 10 of 20, 11 of 18, 12 of 16, 9 of 14, 10 of 14, 10 of
#   12).
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
dir="$top_builddir/checks/sandbox"
tmp=${TMPDIR:-/tmp}/students-c.$$
trap 'rm -f "$tmp".*' EXIT
tab=$(printf '\t')

if ! test -f "$dir/c01-loops.so" || ! test -d "$dir/c2" ||
   ! test -d "$dir/c3" || ! test -d "$dir/c4" || ! test -d "$dir/c5" ||
   ! test -d "$dir/c6" || ! test -d "$dir/c7"; then
  echo "1..0 # SKIP the students' objects were not built ($dir)"
  exit 0
fi
tests () {
  awk -F'\t' 'NR > 1 && ($2 ~ /^(yes|1)$/ || $3 ~ /^(crash|hang|oob)$/)' \
    "$1" | wc -l
}
one=$srcdir/checks/students/c/labels.tsv
two=$srcdir/checks/students/c2/labels.tsv
three=$srcdir/checks/students/c3/labels.tsv
four=$srcdir/checks/students/c4/labels.tsv
five=$srcdir/checks/students/c5/labels.tsv
six=$srcdir/checks/students/c6/labels.tsv
seven=$srcdir/checks/students/c7/labels.tsv
echo "1..$(($(tests "$one") + $(tests "$two") + $(tests "$three") \
  + $(tests "$four") + $(tests "$five") + $(tests "$six") \
  + $(tests "$seven") + 7))"
n=0

# Is every labelled root (a,b) a root of the tsv report, at its line?
roots_right () {
  for g in $(echo "$2" | tr , ' '); do
    l=$(echo "$3" | tr , '\n' | sed -n "$(echo "$2" | tr , '\n' |
      grep -n "^$g\$" | cut -d: -f1)p")
    awk -F'\t' -v g="$g" -v w="$1:$l" '$1 == g && $7 == "root" && $9 == w {
      f = 1 } END { exit !f }' "$tmp.out" || return 1
  done
}

# score DIR LABELS PERCENT: one test per correct or hostile file, one for
# the buggy ones together.
score () {
  buggy=0 right=0
  while IFS=$tab read -r file correct root line note; do
    test "$file" = file && continue
    so="$1/${file%.c}.so"
    "$gc" --backward "$so" --net 5,10,3 --batch 7 --timeout 3 --format tsv \
      >"$tmp.out" 2>"$tmp.err"
    st=$?
    case $correct/$root in
      yes/*|1/*)
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
        if test $st = 1 && roots_right "$file" "$root" "$line"; then
          right=$((right + 1))
        else
          echo "# judged wrong: $file (root $root, line $line): exit $st;" \
            $(awk -F'\t' '$7 == "root" { printf "%s %s at %s; ", $1, $8, $9 }' \
              "$tmp.out")
        fi ;;
    esac
  done <"$2"
  n=$((n + 1))
  if test $((right * 100)) -ge $((buggy * $3)); then r=ok; else r="not ok"; fi
  echo "$r $n - $right of $buggy buggy students of $(basename "$(dirname "$2")"):" \
    "the root and the line of each mistake (at least $3%)"
}

score "$dir" "$one" 90
score "$dir/c2" "$two" 90
score "$dir/c3" "$three" 85
score "$dir/c4" "$four" 90
score "$dir/c5" "$five" 85
score "$dir/c6" "$six" 90
score "$dir/c7" "$seven" 90
