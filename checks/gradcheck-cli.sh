#!/bin/sh
# gradcheck-cli.sh -- the gradcheck program as a user meets it: exit
# statuses, the TSV and TAP formats, a backward pass loaded from a shared
# object, the step sweep, and one-line errors for bad input.  TAP output.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
tmp=${TMPDIR:-/tmp}/gradcheck-cli.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
notok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check () { # description, then a command whose success is the test
  desc=$1; shift
  if "$@"; then ok "$desc"; else notok "$desc"; fi
}
# run ARGS: stdout to $tmp/out, stderr to $tmp/err, status to $st
run () { "$gc" "$@" >"$tmp/out" 2>"$tmp/err"; st=$?; }

echo "1..39"

run
check "no arguments: exit 0" test $st = 0
check "no arguments: all seven ok" \
  test "$(grep -c '^d[a-zW][0-9] .* ok' "$tmp/out")" = 7

run --format tsv
check "tsv: first line is the loss header with the published loss" \
  grep -q '^# gradcheck loss=1\.30378789132[0-9]* N=5 D=4 H=10 C=3 reg=0\.05' "$tmp/out"
check "tsv: the header line" \
  test "$(sed -n 2p "$tmp/out")" = "$(printf 'grad\trows\tcols\tglobal_err\tlocal_err\tworst\tstatus\tcause\twhere')"

run --inject relu-mask-sign --format tsv
check "relu-mask-sign: exit 1" test $st = 1
check "relu-mask-sign: dz1 root relu-mask-sign" \
  grep -q "^dz1	5	10	.*	root	relu-mask-sign	-$" "$tmp/out"
check "relu-mask-sign: dW1 inherited" grep -q "^dW1	.*	inherited	-	-$" "$tmp/out"

run --inject relu-mask-sign
check "text: the sentence names the mistake" \
  grep -q "dz1 masks on the sign of dp1; it must mask on z1" "$tmp/out"

bk="$top_builddir/checks/.libs/bk-user.so"
if test -f "$bk"; then
  run --backward "$bk" --net 6,8,4 --batch 7 --format tsv
  check "--backward: a student's loop code, dz1 root relu-mask-sign" \
    grep -q "^dz1	7	8	.*	root	relu-mask-sign	bk-user.c:[0-9][0-9]*$" "$tmp/out"
  run --backward "$bk:no_such_symbol"
  check "--backward FILE:SYMBOL: a missing symbol is exit 2 and named" \
    sh -c "test $st = 2 && grep -q \"no symbol 'no_such_symbol'\" '$tmp/err'"
  run --backward "$bk:from_library" --net 6,8,4 --batch 7
  check "--backward: an object that calls the library's bp_net_backward loads and passes" \
    sh -c "test $st = 0 && test \$(grep -c '^d[a-zW][0-9] .* ok' '$tmp/out') = 7"
  run --backward "$bk:second_call_wrong" --net 6,8,4 --batch 7 --format tsv
  check "--backward: wrong only from its second call in a process: db2 root" \
    sh -c "test $st = 1 && grep -q '^db2	1	4	.*	root	' '$tmp/out'"
  fl=0
  for seed in 1 2 3 4 5 6 7 8; do
    run --backward "$bk:float_sums" --net 6,8,4 --batch 7 --seed $seed
    test $st = 0 || fl=$((fl + 1))
  done
  check "--backward: sums kept in float pass, 8 seeds ($fl flagged)" \
    test $fl = 0
else
  ok "# SKIP no shared object $bk"; ok "# SKIP no shared object"
  ok "# SKIP no shared object"; ok "# SKIP no shared object"
  ok "# SKIP no shared object"
fi

"$gc" --tap >"$tmp/good.tap"
"$gc" --tap --inject report >"$tmp/bad.tap"
if command -v prove >/dev/null 2>&1; then
  if prove -e cat "$tmp/good.tap" >/dev/null 2>&1; then
    ok "--tap: prove passes a correct backward"
  else
    notok "--tap: prove passes a correct backward"
  fi
  if prove -e cat "$tmp/bad.tap" >/dev/null 2>&1; then
    notok "--tap: prove fails a wrong backward"
  else
    ok "--tap: prove fails a wrong backward"
  fi
else
  ok "# SKIP prove is not installed"; ok "# SKIP prove is not installed"
fi
check "--tap: seven test points, five failing for the report's bug" \
  test "$(grep -c '^not ok' "$tmp/bad.tap")" = 5

run --sweep
check "--sweep: twelve steps" test "$(grep -c '^1e-' "$tmp/out")" = 12

if command -v "${GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
  run --sweep --plot "$tmp/sweep.png"
  check "--sweep --plot: a PNG file, and its gnuplot script beside it" \
    sh -c "test $st = 0 && test -s '$tmp/sweep.gp' &&
           head -c 8 '$tmp/sweep.png' | od -An -c | grep -q 'P   N   G'"
else
  ok "# SKIP gnuplot is not installed"
fi

run --layer W1,dz1 --format tsv
check "--layer W1,dz1: two gradients" \
  test "$(grep -c '^d' "$tmp/out")" = 2

# At trained weights: a model that nntrain saves, a batch of real samples.
"$top_builddir/src/nntrain" -q --iters 20 --save "$tmp/m.bpm" >/dev/null
run --model "$tmp/m.bpm" --batch 6 --format tsv
check "--model: a trained 784-100-10 net on 6 subset images, all ok" \
  sh -c "test $st = 0 && grep -q ' N=6 D=784 H=100 C=10 ' '$tmp/out' &&
         test \$(grep -c '	ok	-	-\$' '$tmp/out') = 7"
run --model "$tmp/m.bpm" --batch 6 --inject relu-no-mask --format tsv
check "--model with a bug: dz1 root relu-no-mask" \
  grep -q "^dz1	6	100	.*	root	relu-no-mask	-$" "$tmp/out"

# --data reads only the head of the training set that the batch is drawn
# from (1000 samples): a copy of the subset whose training images end after
# 1000 of them (and whose test files are missing altogether) serves a
# batch of 6, the same as the whole subset's, and is refused as truncated
# for a batch of 1001 (below, with the other errors).
sub="$srcdir/data/fashion-mnist-subset"
mkdir -p "$tmp/cut"
gzip -dc "$sub/train-images-idx3-ubyte.gz" | head -c $((16 + 1000 * 784)) |
  gzip >"$tmp/cut/train-images-idx3-ubyte.gz"
cp "$sub/train-labels-idx1-ubyte.gz" "$tmp/cut/"
run --model "$tmp/m.bpm" --batch 6 --format tsv
mv "$tmp/out" "$tmp/whole"
run --model "$tmp/m.bpm" --data "$tmp/cut" --batch 6 --format tsv
check "--data: 6 samples of a set cut after 1000 check as the whole set's" \
  sh -c "test $st = 0 && cmp -s '$tmp/out' '$tmp/whole'"

# Bad usage: exit 2 and one line naming the option or file.
expect_error () { # what-it-names, args...
  what=$1; shift
  run "$@"
  if test $st = 2 && test "$(wc -l <"$tmp/err")" -ge 1 &&
     grep -q "^gradcheck: .*$what" "$tmp/err" && test ! -s "$tmp/out"; then
    ok "error: $* -> exit 2 naming $what"
  else
    notok "error: $* -> exit 2 naming $what (got $st: $(cat "$tmp/err"))"
  fi
}
expect_error "no bug named 'nosuch'" --inject nosuch
expect_error "--layer: unknown tensor 'W3'" --layer W3
expect_error "--net" --net 0,4,3
expect_error "--h: 'abc'" --h abc
expect_error "$tmp/missing.txt: No such file" --toy "$tmp/missing.txt"
printf 'X 2 2\n1 2 3\n' >"$tmp/short.txt"
expect_error "$tmp/short.txt: line [0-9]*: block X ends after 3 of its 4" --toy "$tmp/short.txt"
expect_error "--format" --format xml
expect_error "$tmp/none/s.png: $tmp/none: No such file or directory" \
  --sweep --plot "$tmp/none/s.png"
mkdir -p "$tmp/npy"
expect_error "$tmp/npy: X.npy: No such file or directory" --npy "$tmp/npy"
printf 'not numpy' >"$tmp/npy/X.npy"
expect_error "$tmp/npy: X.npy: " --npy "$tmp/npy"
expect_error "unexpected argument" stray
expect_error "--data: give the trained net with --model" --data toy
expect_error "$tmp/m.bpm: the model takes 784 inputs but the data have 4" --model "$tmp/m.bpm" --data toy
printf 'garbage' >"$tmp/bad.bpm"
expect_error "$tmp/bad.bpm: " --model "$tmp/bad.bpm"
expect_error "$tmp/cut/train-images-idx3-ubyte.gz: truncated: 784000 of 784784 bytes of data" \
  --model "$tmp/m.bpm" --data "$tmp/cut" --batch 1001
run --no-such-option
check "an unknown option: exit 2" test $st = 2

# --help lists every long option that the man page documents.
"$gc" --help >"$tmp/help"
missing=
for o in $(grep -o 'Fl Fl [a-z-]*' "$srcdir/man/gradcheck.1" | sed 's/Fl Fl /--/' | sort -u); do
  grep -q -- "$o" "$tmp/help" || missing="$missing $o"
done
check "--help mentions every option of gradcheck(1)$missing" test -z "$missing"
exit 0
