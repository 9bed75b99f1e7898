#!/bin/sh
# blas.sh -- the BLAS kernel seen from outside, as TAP.  A program started
# without BLIS_ARCH_TYPE runs the kernel that fits the CPU's flags in
# /proc/cpuinfo (skx for AVX-512, haswell for AVX2 and FMA), and BLIS,
# asked with BLIS_ARCH_DEBUG=1, says it selects that one; a program
# started with BLIS_ARCH_TYPE set runs the kernel it names.  The same for
# OPENBLAS_CORETYPE where OpenBLAS is the CBLAS, except that a value the
# environment already has is only checked, never changed.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
tblas="$top_builddir/checks/t-blas"
tmp=blas.tmp
rm -rf "$tmp" && mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT

echo "1..4"
n=0
failed=0
ok () { # status description
  n=$((n + 1))
  if [ "$1" = 0 ]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    failed=1
  fi
}
skip_rest () {
  while [ $n -lt 4 ]; do
    n=$((n + 1))
    echo "ok $n # SKIP $1"
  done
  exit $failed
}

# The kernel line of --version: "CBLAS: BLIS 0.9.0, kernel skx (...)".
kernel_of () { sed -n 's/^CBLAS: .*, kernel \([^ ]*\) .*/\1/p' "$1"; }

# What the CPU can do.
flags=$(sed -n 's/^flags[	 ]*: / /p' /proc/cpuinfo 2>/dev/null | sed -n 1p)
has () { case "$flags " in *" $1 "*) return 0;; esac; return 1; }
cpu=none
if has avx2 && has fma; then
  cpu=avx2
  if has avx512f && has avx512dq && has avx512cd && has avx512bw &&
     has avx512vl; then
    cpu=avx512
  fi
fi

env -u BLIS_ARCH_TYPE "$gc" --version >"$tmp/version" 2>&1
case $(sed -n 's/^CBLAS: //p' "$tmp/version") in
  BLIS*) blas=blis ;;
  OpenBLAS*) blas=openblas ;;
  *) skip_rest "the CBLAS is neither BLIS nor OpenBLAS" ;;
esac

if [ $blas = blis ]; then
  built=$(sed -n 's/^#define BP_BLIS_KERNELS "\(.*\)"$/ \1 /p' \
            "$top_builddir/config.h")
  case $cpu in
    avx512) want=skx ;;
    avx2) want=haswell ;;
    *) want= ;;
  esac
  case "$built" in *" $want "*) ;; *) want= ;; esac
  [ -n "$want" ] || skip_rest "no kernel of ours for this CPU ($cpu) in this BLIS ($built)"

  # 1, 2. Unset: ours, and BLIS says so itself.
  got=$(kernel_of "$tmp/version")
  test "$got" = "$want" && grep -q "(chosen by backprop" "$tmp/version"
  ok $? "without BLIS_ARCH_TYPE, kernel $want (--version says: $(sed -n 's/^CBLAS: //p' "$tmp/version"))"
  env -u BLIS_ARCH_TYPE BLIS_ARCH_DEBUG=1 "$gc" >/dev/null 2>"$tmp/debug"
  grep -q "selecting sub-configuration '$want'" "$tmp/debug"
  ok $? "BLIS_ARCH_DEBUG=1: BLIS selects '$want' ($(grep selecting "$tmp/debug"))"

  # 3, 4. Set by the user to another kernel that the CPU can run: that
  # one.
  other=haswell
  [ $want = haswell ] && other=generic
  case "$built" in *" $other "*) ;; *) skip_rest "BLIS lacks $other" ;; esac
  id=$("$tblas" --blis-index $other)
  BLIS_ARCH_TYPE=$id "$gc" --version >"$tmp/user" 2>&1
  test "$(kernel_of "$tmp/user")" = $other &&
    grep -q "(BLIS_ARCH_TYPE=$id)" "$tmp/user"
  ok $? "BLIS_ARCH_TYPE=$id is the user's: kernel $other ($(sed -n 's/^CBLAS: //p' "$tmp/user"))"
  BLIS_ARCH_TYPE=$id BLIS_ARCH_DEBUG=1 "$gc" --version >/dev/null 2>"$tmp/debug"
  grep -q "selecting sub-configuration '$other'" "$tmp/debug"
  ok $? "BLIS_ARCH_DEBUG=1 with BLIS_ARCH_TYPE=$id: BLIS selects '$other'"
  exit $failed
fi

# OpenBLAS.  OPENBLAS_VERBOSE=2 makes it print "Core: NAME" each time it
# chooses; the last is the one that runs.
case $cpu in
  avx512) want=SkylakeX other=Haswell ;;
  avx2) want=Haswell other=Prescott ;;
  *) want= other=Haswell ;;
esac
if [ -n "${OPENBLAS_CORETYPE+set}" ]; then
  # The environment chose: it must stay, whatever it is.
  "$gc" --version >"$tmp/user" 2>&1
  grep -q "(OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE)" "$tmp/user"
  ok $? "OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE is the environment's: kept ($(sed -n 's/^CBLAS: //p' "$tmp/user"))"
  skip_rest "OPENBLAS_CORETYPE is set here; it is not changed in tests"
fi
[ -n "$want" ] || skip_rest "no kernel of ours for this CPU ($cpu)"
got=$(kernel_of "$tmp/version")
test "$(echo "$got" | tr A-Z a-z)" = "$(echo $want | tr A-Z a-z)"
ok $? "without OPENBLAS_CORETYPE, kernel $want (got $got)"
OPENBLAS_VERBOSE=2 "$gc" >/dev/null 2>"$tmp/debug"
last=$(sed -n 's/^Core: //p' "$tmp/debug" | tail -n 1)
test "$(echo "$last" | tr A-Z a-z)" = "$(echo $want | tr A-Z a-z)"
ok $? "OPENBLAS_VERBOSE=2: OpenBLAS runs $want (last 'Core:' line: $last)"
OPENBLAS_CORETYPE=$other "$gc" --version >"$tmp/user" 2>&1
test "$(kernel_of "$tmp/user" | tr A-Z a-z)" = "$(echo $other | tr A-Z a-z)" &&
  grep -q "(OPENBLAS_CORETYPE=$other)" "$tmp/user"
ok $? "OPENBLAS_CORETYPE=$other is the user's: kernel $other ($(sed -n 's/^CBLAS: //p' "$tmp/user"))"
OPENBLAS_CORETYPE=$other OPENBLAS_VERBOSE=2 "$gc" >/dev/null 2>"$tmp/debug"
last=$(sed -n 's/^Core: //p' "$tmp/debug" | tail -n 1)
test "$(echo "$last" | tr A-Z a-z)" = "$(echo $other | tr A-Z a-z)"
ok $? "OPENBLAS_VERBOSE=2 with OPENBLAS_CORETYPE=$other: OpenBLAS runs $other"
exit $failed
