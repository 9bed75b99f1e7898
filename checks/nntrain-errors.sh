#!/bin/sh
# nntrain-errors.sh -- the nntrain program, as TAP: bad options and bad
# files end with a one-line message and exit status 2; a short training
# run saves a model that --eval scores the same; --predict, --history and
# a missing gnuplot behave as documented; --help and the man page list the
# same options.
: "${srcdir:=.}" "${top_builddir:=.}"
nntrain="$top_builddir/src/nntrain"
tmp=nntrain-errors.tmp
rm -rf "$tmp" && mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
echo "1..36"

# ok CONDITION DESCRIPTION
ok () {
  n=$((n + 1))
  if [ "$1" = 0 ]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    failed=1
    sed 's/^/# /' "$tmp/err" 2>/dev/null | head -5
  fi
}

# fails WANT_MESSAGE DESCRIPTION ARGS... -- expect status 2 and one line
# "nntrain: ..." on stderr containing WANT_MESSAGE.
fails () {
  want=$1 what=$2
  shift 2
  "$nntrain" "$@" >"$tmp/out" 2>"$tmp/err"
  status=$?
  lines=$(wc -l <"$tmp/err")
  if [ "$status" = 2 ] && [ "$lines" = 1 ] &&
     grep -q "^nntrain: .*$want" "$tmp/err"; then
    ok 0 "$what: exit 2, \"$want\""
  else
    ok 1 "$what: want exit 2 and one line with \"$want\"; got $status"
  fi
}

fails "--frobnicate: unknown option" "an unknown option" --frobnicate
fails "--lr: 'fast' is not a number" "a learning rate that is not a number" \
  --lr fast
fails "--batch: '0' is not an integer in 1..1000000" "a batch of 0" --batch 0
fails "--lr: this option needs an argument" "an option without its argument" \
  --lr
fails "extra: unexpected argument" "a stray argument" extra
fails "--eval: needs a model" "--eval without --load" --eval
fails "$tmp/none: No such file or directory" "a missing data directory" \
  --data "$tmp/none"

# A data directory whose training labels are cut short.
mkdir "$tmp/bad"
sub="$srcdir/data/fashion-mnist-subset"
cp "$sub"/*.gz "$tmp/bad/"
gzip -dc "$sub/train-labels-idx1-ubyte.gz" | head -c 4000 \
  >"$tmp/bad/train-labels-idx1-ubyte"
rm "$tmp/bad/train-labels-idx1-ubyte.gz"
fails "$tmp/bad/train-labels-idx1-ubyte: truncated: 3992 of 5000 bytes" \
  "truncated labels" --data "$tmp/bad"
printf 'not a model\n' >"$tmp/garbage.bpm"
fails "$tmp/garbage.bpm: not a backprop model file" "a file that is not a model" \
  --load "$tmp/garbage.bpm" --eval

# Outputs are checked before training: a path that cannot be written fails
# at once, with nothing trained (standard output stays empty).
fails "$tmp/none/m.bpm: $tmp/none: No such file or directory" \
  "--save into a missing directory" --save "$tmp/none/m.bpm"
test ! -s "$tmp/out"
ok $? "... before training (nothing on standard output)"
fails "$tmp: is a directory" "--save naming a directory" --save "$tmp"
fails "$tmp/none/h: $tmp/none: No such file or directory" \
  "--history under a missing directory" --history "$tmp/none/h"
fails "$tmp/garbage.bpm: not a directory" "--history naming a file" \
  --history "$tmp/garbage.bpm"
fails "$tmp/none/w.png: $tmp/none: No such file or directory" \
  "--plot-weights into a missing directory" --plot-weights "$tmp/none/w.png"
fails "$tmp/garbage.bpm: bad magic number" "--predict of a file that is not IDX" \
  --predict "$tmp/garbage.bpm"
test ! -s "$tmp/out"
ok $? "... before training (nothing on standard output)"

# Train briefly on the shipped subset, save, and score the model again.
"$nntrain" --iters 30 --seed 3 --save "$tmp/m.bpm" --history "$tmp/h" \
  >"$tmp/train.out" 2>"$tmp/err"
ok $? "30 steps on the shipped subset exit 0"
last=$(tail -n 1 "$tmp/train.out")
case $last in
  "test accuracy 0."[0-9][0-9][0-9][0-9]" (1000 samples)") ok 0 "$last" ;;
  *) ok 1 "the last line is the test accuracy: got '$last'" ;;
esac
"$nntrain" --load "$tmp/m.bpm" --eval >"$tmp/eval.out" 2>"$tmp/err"
ok $? "--load --eval exits 0"
test "$(cat "$tmp/eval.out")" = "$last"
ok $? "--eval prints the same line: $(cat "$tmp/eval.out")"
test "$(wc -l <"$tmp/h/loss.tsv")" = 31 && test -s "$tmp/h/epochs.tsv" &&
  test -s "$tmp/h/history.gp"
ok $? "--history wrote loss.tsv (30 steps), epochs.tsv and history.gp"

# Damaged copies of the model.
head -c 1000 "$tmp/m.bpm" >"$tmp/short.bpm"
fails "$tmp/short.bpm: truncated: 1000 of" "a truncated model" \
  --load "$tmp/short.bpm" --eval
fails "the model takes 784 inputs but the data have 4" \
  "a model for other data" --load "$tmp/m.bpm" --eval --data toy

# Prediction: one label per line.
"$nntrain" --load "$tmp/m.bpm" --predict "$sub/t10k-images-idx3-ubyte.gz" \
  >"$tmp/pred.out" 2>"$tmp/err"
ok $? "--predict exits 0"
test "$(grep -c '^[0-9]$' "$tmp/pred.out")" = 1000 &&
  test "$(wc -l <"$tmp/pred.out")" = 1000
ok $? "--predict prints 1000 labels, one per line"
fails "$tmp/none.gz: No such file" "--predict of a missing file" \
  --load "$tmp/m.bpm" --predict "$tmp/none.gz"

# Divergence: status 1, the iteration named, the model still saved.
"$nntrain" --lr 1e100 --iters 20 --save "$tmp/div.bpm" >"$tmp/out" 2>"$tmp/err"
status=$?
test $status = 1 && grep -q "diverged: the loss is .* at iteration [0-9]" \
  "$tmp/err" && grep -q "lower learning rate" "$tmp/err"
ok $? "an absurd --lr stops with status 1 naming the iteration ($status)"
"$nntrain" --load "$tmp/div.bpm" --eval >"$tmp/out" 2>"$tmp/err"
ok $? "... and the last good model is saved and loads"

# No gnuplot: say so, and keep the script with its data.
GNUPLOT="$tmp/no-gnuplot" "$nntrain" --iters 5 --plot "$tmp/p.png" \
  >"$tmp/out" 2>"$tmp/err"
status=$?
test $status = 0 && grep -q "gnuplot" "$tmp/err" && grep -q '^\$loss << EOD' \
  "$tmp/p.gp" && test ! -e "$tmp/p.png"
ok $? "without gnuplot --plot says so and writes p.gp with the data"

# A bug from the zoo learns worse than the correct net from the same seed.
fails "--inject: no bug named 'nonsense' in the zoo" "an unknown bug" \
  --inject nonsense
right=$("$nntrain" --quiet --epochs 4 2>"$tmp/err" | sed 's/test accuracy //;s/ .*//')
wrong=$("$nntrain" --quiet --epochs 4 --check-every 0 --inject relu-mask-sign \
  2>>"$tmp/err" | sed -n 's/^test accuracy //p' | sed 's/ .*//')
awk -v r="$right" -v w="$wrong" 'BEGIN { exit !(w + 0.05 < r) }'
ok $? "--inject relu-mask-sign: accuracy $wrong, the correct net $right"

"$nntrain" --data toy --iters 3 >"$tmp/out" 2>"$tmp/err"
test $? = 0 && tail -n 1 "$tmp/out" | grep -q "(5 samples)"
ok $? "--data toy trains on the toy net"

# --help, --version and the man page.
"$nntrain" --help >"$tmp/help" 2>"$tmp/err"
test $? = 0 && grep -q "^Usage: nntrain" "$tmp/help"
ok $? "--help prints the usage and exits 0"
"$nntrain" --version >"$tmp/out" 2>"$tmp/err"
test $? = 0 && grep -q "^nntrain (backprop) " "$tmp/out"
ok $? "--version exits 0"
grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u >"$tmp/help.opts"
# In the man page each option is the line after a .TP.
awk 'prev == ".TP" { print } { prev = $0 }' "$srcdir/man/nntrain.1" |
  sed 's/\\-/-/g' | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/man.opts"
diff "$tmp/help.opts" "$tmp/man.opts" >"$tmp/err"
ok $? "--help and nntrain(1) list the same $(wc -l <"$tmp/help.opts") options"

exit $failed
