#!/bin/sh
# build.sh OUTDIR -- build every student of this set as OUTDIR/NAME.so, and
# the labeller as OUTDIR/label.
set -e
here=$(cd "$(dirname "$0")" && pwd)
src=${BACKPROP_SRC:-$(cd "$here/../../../src" && pwd)}
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
for f in "$here"/[sb][0-9][0-9]_*.c; do
  b=$(basename "$f" .c)
  cc -g -O0 -shared -fPIC -I"$src" $(pkg-config --cflags gsl) -o "$out/$b.so" "$f"
done
cc -g -O2 -Wall -Wextra -I"$src" $(pkg-config --cflags gsl) -o "$out/label" \
  "$here/label.c" $(pkg-config --libs gsl) -ldl -lm
