#!/bin/sh
# build.sh OUTDIR -- build every student file here into OUTDIR/NAME.so
set -e
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
for f in "$here"/s*.c; do
  b=$(basename "$f" .c)
  cc -g -O0 -shared -fPIC -I"$(cd "$(dirname "$0")/../../.." && pwd)/src" $(pkg-config --cflags gsl) \
     -o "$out/$b.so" "$f"
done
