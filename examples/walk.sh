#!/bin/sh
# walk.sh -- walk through the numbered examples, one at a time: print the
# header comment of examples/NN-name.c (what it shows, what to look for),
# then run it from the top of the source tree and show its output.  On a
# terminal it waits for Enter before each next example (q and Enter
# stops); otherwise it runs straight through.  It builds nothing: run it as
# `make walk`, which builds the examples first, or after `make check`.
#
# Usage: examples/walk.sh [FIRST]
#   FIRST  start at this example, by number (3) or name (03-backward)
# Environment: srcdir, the top of the source tree, and top_builddir, the
# top of the build tree (both default to the directory above this
# script's).

here=$(dirname "$0")
: "${srcdir:=$here/..}" "${top_builddir:=$here/..}"
builddir=$(cd "$top_builddir" && pwd) || exit 2
first=$(printf '%s' "${1:-0}" | cut -c1-2)
case $first in
  [0-9]|[0-9][0-9]) first=$(expr "$first" + 0) ;;
  *) echo "walk.sh: $1: not an example number or name" >&2; exit 2 ;;
esac

status=0
shown=0
for src in "$srcdir"/examples/[0-9][0-9]-*.c; do
  test -f "$src" || continue
  name=$(basename "$src" .c)
  case $name in
    [0-9][0-9]-*) ;;
    *) continue ;;
  esac
  if test "$(expr "$(printf '%s' "$name" | cut -c1-2)" + 0)" -lt "$first"
  then
    continue
  fi
  if test $shown -gt 0 && test -t 0; then
    printf '\n-- Enter for examples/%s, q and Enter to stop: ' "$name"
    read -r answer || break
    test "$answer" = q && break
  fi
  shown=$((shown + 1))

  printf '\n======== examples/%s ========\n\n' "$name"
  # The header comment: from the first line to the first "*/", without
  # the comment's frame.
  sed -n '1,/\*\//p' "$src" |
    sed -e 's|^/\* \{0,1\}||' -e 's|^ \*/$||' -e 's|^ \* \{0,1\}||' \
        -e 's| *\*/$||' -e 's|^\*$||'
  prog="$builddir/examples/$name"
  if ! test -x "$prog"; then
    echo "walk.sh: examples/$name is not built; run 'make walk'" >&2
    status=1
    continue
  fi
  printf '\n$ examples/%s\n' "$name"
  (cd "$srcdir" && "$prog") || status=1
done
if test $shown -eq 0; then
  echo "walk.sh: no example numbered $first or later in $srcdir/examples" >&2
  exit 2
fi
exit $status
