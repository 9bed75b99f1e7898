#!/bin/sh
# score.sh OUTDIR -- score this set's students, built into OUTDIR by
# build.sh, against labels.tsv (see ../score-c.sh).
here=$(cd "$(dirname "$0")" && pwd)
exec sh "$here/../score-c.sh" "$here" "${1:?usage: score.sh OUTDIR}"
