#!/bin/sh
# man.sh -- the manual pages, as TAP: each page is clean under
# `mandoc -T lint -W warning`, and backprop.3 documents the whole public
# interface: every function that the installed headers declare (and the
# library defines) is in its SYNOPSIS and its DESCRIPTION, and every type
# and BP_ macro of the headers is named in it.
: "${srcdir:=.}"
page="$srcdir/man/backprop.3"
tmp=${TMPDIR:-/tmp}/man-check.$$
mkdir -p "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT

# The installed headers: backprop.h and every header it includes.
hdrs="$srcdir/src/backprop.h"
for h in $(sed -n 's/^#include "\(.*\)"$/\1/p' "$srcdir/src/backprop.h"); do
  hdrs="$hdrs $srcdir/src/$h"
done
cat $hdrs >"$tmp/headers" || exit 99

# Public functions: defined in src/*.c with the name at the start of the
# line (the GNU style), and declared in a header as `NAME (`.
funcs=
for f in $(grep -ho '^bp_[a-z0-9_]* (' "$srcdir"/src/*/*.c | sed 's/ (//' |
           sort -u); do
  grep -q "[^a-z0-9_]$f (" "$tmp/headers" && funcs="$funcs $f"
done
# Types: struct and enum typedefs, enums, and function types.
types=$(sed -n 's/^} \(bp_[a-z0-9_]*\);$/\1/p
               s/^typedef [a-z]* \(bp_[a-z0-9_]*\) (.*/\1/p
               s/^enum \(bp_[a-z0-9_]*\) {.*/\1/p' "$tmp/headers" | sort -u)
# Macros and enum constants, without the include guards.
macros=$(grep -o 'BP_[A-Z0-9_]*' "$tmp/headers" | grep -v '_H$' | sort -u)

# The page's sections, to look names up in.
sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$page" >"$tmp/synopsis"
sed -n '/^\.Sh DESCRIPTION/,/^\.Sh RETURN VALUES/p' "$page" \
  >"$tmp/description"

pages=$(cd "$srcdir" && ls man/*.1 man/*.3 man/*.7)
set -- $pages
npages=$#
set -- $funcs
nfuncs=$#
set -- $types
ntypes=$#
set -- $macros
nmacros=$#

echo "1..$((npages + 4 + nfuncs + ntypes + nmacros))"
n=0
failed=0
ok () { # status description
  n=$((n + 1))
  if [ "$1" = 0 ]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    failed=$((failed + 1))
  fi
}

# 1. Lint.
mandoc=$(command -v mandoc)
for p in $pages; do
  if [ -z "$mandoc" ]; then
    n=$((n + 1))
    echo "ok $n - $p: mandoc -T lint # SKIP mandoc is not installed"
    continue
  fi
  "$mandoc" -T lint -W warning "$srcdir/$p" >"$tmp/lint" 2>&1
  st=$?
  test $st = 0 && ! test -s "$tmp/lint"
  ok $? "$p: mandoc -T lint -W warning is silent (status $st)"
  sed 's/^/# /' "$tmp/lint"
done

# 2. The lists themselves, so that a broken extraction cannot pass.
test "$nfuncs" -ge 90
ok $? "found $nfuncs public functions (at least 90)"
test "$ntypes" -ge 20
ok $? "found $ntypes public types (at least 20)"
test "$nmacros" -ge 30
ok $? "found $nmacros BP_ macros and constants (at least 30)"
grep -q '^\.Fn bp_net_alloc ' "$tmp/synopsis"
ok $? "the SYNOPSIS of backprop.3 is found and declares bp_net_alloc"

# 3. Every function: declared in the SYNOPSIS, described after it.
for f in $funcs; do
  grep -Eq "^\.F[no] $f( |\$)" "$tmp/synopsis" &&
    grep -Eq "^\.(It )?Fn $f( |\$)" "$tmp/description"
  ok $? "backprop.3: $f in the SYNOPSIS (.Fn/.Fo) and the DESCRIPTION (.Fn)"
done

# 4. Every type and macro is named somewhere in the page.
for t in $types; do
  grep -qw "$t" "$page"
  ok $? "backprop.3: type $t"
done
for m in $macros; do
  grep -qw "$m" "$page"
  ok $? "backprop.3: macro $m"
done

test $failed = 0
