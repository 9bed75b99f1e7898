#!/bin/sh
# examples-walk.sh -- examples/walk.sh without a terminal: it shows every
# numbered example's header comment and output, in order, without
# waiting for Enter; it starts where asked; it refuses a bad argument.
# TAP output.
: "${srcdir:=.}" "${top_builddir:=.}"
walk="$srcdir/examples/walk.sh"
tmp=${TMPDIR:-/tmp}/examples-walk.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
export srcdir top_builddir

set -- $(cd "$srcdir/examples" && ls [0-9][0-9]-*.c | sed 's/\.c$//')
echo "1..$(($# * 2 + 5))"
n=0
check () { # description, then a command whose success is the test
  n=$((n + 1)) desc=$1
  shift
  if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; fi
}

sh "$walk" </dev/null >"$tmp/out" 2>"$tmp/err"
st=$?
check "walk.sh with stdin not a terminal exits 0 (got $st)" test $st = 0
check "it does not prompt" sh -c "! grep -q 'Enter for' '$tmp/out'"
check "banners for the $# examples in order" test \
  "$(sed -n 's/^======== examples\/\(.*\) ========$/\1/p' "$tmp/out")" = \
  "$(printf '%s\n' "$@")"
for name in "$@"; do
  # The header's first line, without the "/* " of the comment.
  line=$(sed -n '1s|^/\* ||p' "$srcdir/examples/$name.c")
  check "$name: header line shown: $line" grep -qxF "$line" "$tmp/out"
  # The saved output, whole, between the command line and the next
  # banner ($(...) drops the blank line before the banner).
  out=$(awk -v cmd="\$ examples/$name" '
          $0 == cmd { on = 1; next }
          /^======== / { on = 0 }
          on' "$tmp/out")
  check "$name: output as in $name.expected" \
    test "$out" = "$(cat "$srcdir/examples/$name.expected")"
done

sh "$walk" 3 </dev/null >"$tmp/out3" 2>&1
check "walk.sh 3 starts at 03" test \
  "$(sed -n 's/^======== examples\/\(.*\) ========$/\1/p' "$tmp/out3" |
     head -n 1 | cut -c1-2)" = 03
sh "$walk" nonsense </dev/null >"$tmp/out" 2>"$tmp/err"
st=$?
check "walk.sh nonsense: exit 2 (got $st) and a one-line error" \
  test $st = 2 -a "$(cat "$tmp/err")" = \
  "walk.sh: nonsense: not an example number or name"
