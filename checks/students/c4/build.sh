#!/bin/sh
# build.sh OUTDIR -- build every student file here into OUTDIR/X.so, and the
# labeller into OUTDIR/label.
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
for f in "$here"/[cb][0-9][0-9].c; do
  b=$(basename "$f" .c)
  cc -g -O0 -shared -fPIC -I"$top/src" $(pkg-config --cflags gsl) -o "$out/$b.so" "$f"
done
cc -g -O1 -Wall -I"$top/src" $(pkg-config --cflags gsl) -o "$out/label" "$here/label.c" \
  $(pkg-config --libs gsl) -ldl -lm
