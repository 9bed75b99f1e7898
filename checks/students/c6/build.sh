#!/bin/sh
# build.sh OUTDIR -- compile every student file of c6 into OUTDIR/NAME.so
set -e
out=${1:?usage: build.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
for f in "$here"/s*.c; do
  b=$(basename "$f" .c)
  cc -g -O0 -shared -fPIC -I"$(cd "$(dirname "$0")/../../.." && pwd)/src" $(pkg-config --cflags gsl) \
     -o "$out/$b.so" "$f"
done
