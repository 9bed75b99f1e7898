#!/bin/sh
# build.sh OUTDIR -- build every student file cNN-*.c of this folder as
# OUTDIR/cNN-*.so, and the labeller label.c as OUTDIR/label.
#
#   INC  the folder holding backprop.h; default: /work/main/include or
#        /work/main/src, whichever has it (looked up first relative to this
#        script's checkout, then under /work/main)
#   CC   the compiler (cc)
#
# Then:  OUTDIR/label OUTDIR labels.tsv   (from this folder)
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
CC=${CC:-cc}

if [ -z "${INC:-}" ]; then
  for d in "$root/include" "$root/src" /work/main/include /work/main/src; do
    if [ -f "$d/backprop.h" ]; then
      INC=$d
      break
    fi
  done
fi
if [ -z "${INC:-}" ] || [ ! -f "$INC/backprop.h" ]; then
  echo "$0: no backprop.h found; set INC" >&2
  exit 1
fi

mkdir -p "$out"
for src in "$here"/c[0-9][0-9]-*.c; do
  name=$(basename "$src" .c)
  $CC -g -O0 -shared -fPIC -I"$INC" -o "$out/$name.so" "$src"
done
$CC -g -O2 -Wall -I"$INC" -o "$out/label" "$here/label.c" \
  -lgsl -lgslcblas -lm -ldl
echo "built $(ls "$out"/c[0-9][0-9]-*.so | wc -l) students and label in $out (INC=$INC)"
