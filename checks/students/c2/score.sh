#!/bin/sh
# score.sh OUTDIR [GRADCHECK] -- run gradcheck on every student built by
# build.sh into OUTDIR and score it against labels.tsv.
#
# A correct file is right when gradcheck exits 0.  A buggy file is right
# when gradcheck exits 1, every labelled root gradient has status root,
# and the `where' of each (FILE:LINE) is the labelled line of the file.
# One line per file, then the totals.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=${1:?usage: score.sh OUTDIR [GRADCHECK]}
gc=${2:-$top/src/gradcheck}
: "${BACKPROP_DATADIR:=$top/data}"
export BACKPROP_DATADIR
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

tail -n +2 "$here/labels.tsv" | while IFS='	' read -r file correct roots lines note; do
  [ -n "$file" ] || continue
  name=${file%.c}
  "$gc" --backward "$out/$name.so" --net 5,10,3 --batch 7 --format tsv \
    >"$tmp/$name.tsv" 2>"$tmp/$name.err"
  rc=$?
  awk -F'\t' -v file="$file" -v correct="$correct" -v roots="$roots" \
      -v lines="$lines" -v rc="$rc" '
    /^#/ { next }
    !hdr { for (i = 1; i <= NF; i++) col[$i] = i; hdr = 1; next }
    ($col["grad"] != "") {
      g = $col["grad"]; st[g] = $col["status"]; ca[g] = $col["cause"]
      wh[g] = ("where" in col) ? $col["where"] : "-"
      if (st[g] == "root") got = got (got ? " " : "") g ":" ca[g] "@" wh[g]
    }
    END {
      if (correct == "1") {
        ok = (rc == 0)
        printf "%-4s %-22s correct  exit %s  %s\n", ok ? "ok" : "MISS", file, rc, got ? got : "-"
        print (ok ? "C1" : "C0") > "/dev/stderr"
        exit
      }
      ok = (rc == 1)
      n = split(roots, R, ","); split(lines, L, ",")
      for (i = 1; i <= n; i++) {
        w = wh[R[i]]; sub(/^.*\//, "", w)
        if (st[R[i]] != "root" || w != file ":" L[i]) ok = 0
      }
      printf "%-4s %-22s want %s@%s  exit %s  got %s\n", ok ? "ok" : "MISS", file, roots, lines, rc, got ? got : "-"
      print (ok ? "B1" : "B0") > "/dev/stderr"
    }' "$tmp/$name.tsv" 2>>"$tmp/tally"
  [ -s "$tmp/$name.err" ] && sed 's/^/     stderr: /' "$tmp/$name.err" | head -3
done
awk '{ n[substr($0,1,1)]++; r[substr($0,1,1)] += substr($0,2,1) }
     END { printf "correct passed %d/%d, buggy right %d/%d\n", r["C"], n["C"], r["B"], n["B"] }' "$tmp/tally"
