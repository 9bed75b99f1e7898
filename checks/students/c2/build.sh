#!/bin/sh
# build.sh OUTDIR -- compile every student backward pass of this directory
# into OUTDIR/NAME.so, as a student would (-g -O0, against this tree's
# headers), the probe into OUTDIR/probe/dump.so and the labeller into
# OUTDIR/label.
set -e
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
CC=${CC:-cc}
gsl_cflags=$(pkg-config --cflags gsl)
gsl_libs=$(pkg-config --libs gsl)
for f in "$here"/*.c; do
  name=$(basename "$f" .c)
  [ "$name" = label ] && continue
  $CC -g -O0 -shared -fPIC -I"$top/src" $gsl_cflags \
      -o "$out/$name.so" "$f"
done
mkdir -p "$out/probe"
$CC -g -O0 -shared -fPIC -I"$top/src" $gsl_cflags \
    -o "$out/probe/dump.so" "$here/probe/dump.c"
$CC -g -O2 -Wall -Wextra -I"$top/src" $gsl_cflags -o "$out/label" \
    "$here/label.c" $gsl_libs -ldl -lm
