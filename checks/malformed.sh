#!/bin/sh
# malformed.sh -- a set of malformed inputs, as TAP: files of every format
# the programs read (the toy text format, numpy's .npy, IDX, CIFAR-10
# batches, model files) damaged in the ways files get damaged -- cut
# short, bad magic, absurd or overflowing sizes, shapes that do not fit,
# NaN or infinite values, labels out of range -- and malformed options.
# Each must end with status 2, one line "PROGRAM: FILE or option: what is
# wrong" on stderr, nothing on stdout and no file written.  The files are
# made here with the shell and coreutils, sed, awk and gzip: no Python.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
nt="$top_builddir/src/nntrain"
toy="$srcdir/data/toy.txt"
sub="$srcdir/data/fashion-mnist-subset"
tmp=malformed.tmp
rm -rf "$tmp" && mkdir "$tmp" || exit 99
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
echo "1..66"

# refused WANT PROGRAM ARGS... -- PROGRAM ARGS ends with status 2, one line
# "PROGRAM: ...WANT..." on stderr, nothing on stdout, and leaves no
# $tmp/out.* behind (the outputs the cases ask for).
refused () {
  want=$1 prog=$2
  shift 2
  "$prog" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  st=$?
  n=$((n + 1))
  name=$(basename "$prog")
  if [ "$st" = 2 ] && [ "$(wc -l <"$tmp/stderr")" = 1 ] &&
     grep -q "^$name: .*$want" "$tmp/stderr" && [ ! -s "$tmp/stdout" ] &&
     [ -z "$(find "$tmp" -name 'out.*' 2>/dev/null)" ]; then
    echo "ok $n - $name: $want"
  else
    echo "not ok $n - $name $*: want status 2 and one line with \"$want\""
    echo "# got status $st: $(head -c 300 "$tmp/stderr")"
    failed=1
  fi
}

# Little-endian bytes of a 32-bit number, for printf.
le32 () {
  printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $((($1 >> 8) & 255)) \
    $((($1 >> 16) & 255)) $((($1 >> 24) & 255))
}

# --- The toy text format (gradcheck --toy). -------------------------------
t="$tmp/toy"
mkdir "$t"
: >"$t/empty.txt"
refused "$t/empty.txt: a toy file needs the blocks" "$gc" --toy "$t/empty.txt"
refused "$t/none.txt: No such file" "$gc" --toy "$t/none.txt"
refused "$t: Is a directory" "$gc" --toy "$t"
head -c 450 "$toy" >"$t/cut.txt"
refused "$t/cut.txt: line [0-9]*: block X ends after" "$gc" --toy "$t/cut.txt"
sed 's/^X 5 4$/X a b/' "$toy" >"$t/header.txt"
refused "$t/header.txt: line 11: block X: ROWS and COLS must be" "$gc" \
  --toy "$t/header.txt"
sed 's/^X 5 4$/X 100000000000 100000000000/' "$toy" >"$t/huge.txt"
refused "$t/huge.txt: line 11: block X: ROWS and COLS must be" "$gc" \
  --toy "$t/huge.txt"
sed 's/^16\.243453636632417 /nan /' "$toy" >"$t/nan.txt"
refused "$t/nan.txt: line 12: block X: value 1 is not a finite number" \
  "$gc" --toy "$t/nan.txt"
sed 's/^16\.243453636632417 /-inf /' "$toy" >"$t/inf.txt"
refused "$t/inf.txt: line 12: block X: value 1 is not a finite number" \
  "$gc" --toy "$t/inf.txt"
sed 's/^16\.243453636632417 /1e999 /' "$toy" >"$t/overflow.txt"
refused "$t/overflow.txt: line 12: block X: value 1 is not a finite" \
  "$gc" --toy "$t/overflow.txt"
sed 's/^0 1 2 2 1$/0 1 7 2 1/' "$toy" >"$t/label.txt"
refused "$t/label.txt: label y\[2\] = 7 is not an integer in 0..2" "$gc" \
  --toy "$t/label.txt"
sed 's/^0 1 2 2 1$/0 -1 2 2 1/' "$toy" >"$t/negative.txt"
refused "$t/negative.txt: label y\[1\] = -1 is not an integer" "$gc" \
  --toy "$t/negative.txt"
sed 's/^0 1 2 2 1$/0 1 1.5 2 1/' "$toy" >"$t/fraction.txt"
refused "$t/fraction.txt: label y\[2\] = 1.5 is not an integer" "$gc" \
  --toy "$t/fraction.txt"
sed 's/^W1 4 10$/W1 5 10/' "$toy" >"$t/shape.txt"
refused "$t/shape.txt: line 27: block W1: value 41 is 'b1', not a number" \
  "$gc" --toy "$t/shape.txt"
cat "$toy" "$toy" >"$t/twice.txt"
refused "$t/twice.txt: block reg appears twice" "$gc" --toy "$t/twice.txt"
awk '/^W2 /{skip=1} /^b2 /{skip=0} !skip' "$toy" >"$t/no-w2.txt"
refused "$t/no-w2.txt: a toy file needs the blocks" "$gc" --toy "$t/no-w2.txt"
printf 'X 1 1\n1\n\001\002\n' >"$t/binary.txt"
refused "$t/binary.txt: line 3: expected a block header" "$gc" \
  --toy "$t/binary.txt"

# --- numpy's .npy (gradcheck --npy DIR reads X.npy first). ----------------
# npy DIR DESCR SHAPE -- DIR/X.npy with that header, padded as numpy pads
# it, and the bytes that follow on standard input.
npy () {
  h="{'descr': '$2', 'fortran_order': False, 'shape': $3, }"
  pad=$(( (64 - (10 + ${#h} + 1) % 64) % 64 ))
  mkdir -p "$1"
  { printf '\223NUMPY\001\000'
    printf "$(printf '\\%03o\\%03o' $(( (${#h} + pad + 1) & 255 )) \
      $(( (${#h} + pad + 1) >> 8 )))"
    printf '%s%*s\n' "$h" "$pad" ''
    cat
  } >"$1/X.npy"
}
p="$tmp/npy"
head -c 160 /dev/zero | npy "$p/ok" '<f8' '(5, 4)'
head -c 40 "$p/ok/X.npy" >"$p/cut-header.npy"
mkdir "$p/header" && mv "$p/cut-header.npy" "$p/header/X.npy"
refused "$p/header: X.npy: truncated header" "$gc" --npy "$p/header"
head -c 100 /dev/zero | npy "$p/data" '<f8' '(5, 4)'
refused "$p/data: X.npy: truncated data: shape (5, 4) of '<f8' needs 160" \
  "$gc" --npy "$p/data"
head -c 164 /dev/zero | npy "$p/extra" '<f8' '(5, 4)'
refused "$p/extra: X.npy: 4 bytes after the data" "$gc" --npy "$p/extra"
mkdir "$p/magic" && printf 'not numpy at all' >"$p/magic/X.npy"
refused "$p/magic: X.npy: " "$gc" --npy "$p/magic"
head -c 64 /dev/zero | npy "$p/huge" '<f8' '(100000000000, 100000000000)'
refused "$p/huge: X.npy: shape: a dimension is too large" "$gc" \
  --npy "$p/huge"
head -c 64 /dev/zero | npy "$p/wide" '<f8' '(5, 400000000)'
refused "$p/wide: X.npy: truncated data: shape (5, 400000000)" "$gc" \
  --npy "$p/wide"
head -c 64 /dev/zero | npy "$p/negative" '<f8' '(-5, 4)'
refused "$p/negative: X.npy: header: 'shape' is not a tuple of integers" \
  "$gc" --npy "$p/negative"
head -c 320 /dev/zero | npy "$p/complex" '<c16' '(5, 4)'
refused "$p/complex: X.npy: unsupported dtype '<c16'" "$gc" \
  --npy "$p/complex"
head -c 160 /dev/zero | npy "$p/3d" '<f8' '(5, 4, 1)'
refused "$p/3d: X.npy: shape has 3 dimensions" "$gc" --npy "$p/3d"
{ head -c 48 /dev/zero; printf '\000\000\000\000\000\000\370\177'
  head -c 104 /dev/zero; } | npy "$p/nan" '<f8' '(5, 4)'
refused "$p/nan: X.npy: NaN at index (1, 2)" "$gc" --npy "$p/nan"
{ printf '\000\000\000\000\000\000\360\177'; head -c 152 /dev/zero; } |
  npy "$p/inf" '<f8' '(5, 4)'
refused "$p/inf: X.npy: inf at index (0, 0)" "$gc" --npy "$p/inf"
refused "$p/none: X.npy: No such file or directory" "$gc" --npy "$p/none"

# --- numpy's .npz archives (gradcheck --npy FILE.npz). --------------------
# zip1 OUT NAME FILE -- a ZIP archive whose one member NAME is FILE,
# stored, as np.savez writes it; its CRC-32 is gzip's.
le16 () { printf '\\%03o\\%03o' $(($1 & 255)) $((($1 >> 8) & 255)); }
zip1 () {
  size=$(wc -c <"$3") nlen=${#2}
  gzip -c <"$3" | tail -c 8 | head -c 4 >"$1.crc"
  { printf "PK\003\004$(le16 20)$(le16 0)$(le16 0)$(le16 0)$(le16 33)"
    cat "$1.crc"
    printf "$(le32 "$size")$(le32 "$size")$(le16 "$nlen")$(le16 0)"
    printf '%s' "$2"; cat "$3"
    printf "PK\001\002$(le16 20)$(le16 20)$(le16 0)$(le16 0)$(le16 0)"
    printf "$(le16 33)"; cat "$1.crc"
    printf "$(le32 "$size")$(le32 "$size")$(le16 "$nlen")$(le16 0)$(le16 0)"
    printf "$(le16 0)$(le16 0)$(le32 0)$(le32 0)"
    printf '%s' "$2"
    printf "PK\005\006$(le16 0)$(le16 0)$(le16 1)$(le16 1)"
    printf "$(le32 $((46 + nlen)))$(le32 $((30 + nlen + size)))$(le16 0)"
  } >"$1"
  rm -f "$1.crc"
}
z="$tmp/npz"
mkdir "$z"
zip1 "$z/good.npz" X.npy "$p/ok/X.npy"
refused "$z/good.npz: no array y: an archive holds" "$gc" --npy "$z/good.npz"
head -c 200 "$z/good.npz" >"$z/cut.npz"
refused "$z/cut.npz: not a readable .npz (ZIP) archive" "$gc" \
  --npy "$z/cut.npz"
cp "$z/good.npz" "$z/crc.npz"
printf 'XXXX' | dd of="$z/crc.npz" bs=1 seek=250 conv=notrunc 2>/dev/null
refused "$z/crc.npz: X.npy: damaged: CRC error" "$gc" --npy "$z/crc.npz"
printf 'not numpy at all' >"$z/text"
zip1 "$z/text.npz" X.npy "$z/text"
refused "$z/text.npz: X.npy: bad magic: not a .npy file" "$gc" \
  --npy "$z/text.npz"
zip1 "$z/notes.npz" notes.txt "$z/text"
refused "$z/notes.npz: member notes.txt: not an .npy array" "$gc" \
  --npy "$z/notes.npz"

# --- IDX data sets (nntrain --data DIR, --predict FILE). ------------------
# idx NAME FILE -- a copy of the shipped subset in $tmp/idx/NAME whose FILE
# (without .gz) is standard input, gzip-compressed.
idx () {
  d="$tmp/idx/$1"
  mkdir -p "$d" && cp "$sub"/*.gz "$d/" && gzip -c >"$d/$2.gz"
}
raw () { gzip -dc "$sub/$1.gz"; }
images=train-images-idx3-ubyte labels=train-labels-idx1-ubyte
i="$tmp/idx"
{ printf '\000\000\011\003'; raw $images | tail -c +5; } | idx magic $images
refused "$i/magic/$images.gz: data type 0x09 is not unsigned bytes" "$nt" \
  --data "$i/magic" --save "$tmp/out.bpm"
raw $images | head -c 10 | idx header $images
refused "$i/header/$images.gz: truncated: the file ends inside the dim" \
  "$nt" --data "$i/header"
raw $images | head -c 100000 | idx data $images
refused "$i/data/$images.gz: truncated: 99984 of 3920000 bytes of data" \
  "$nt" --data "$i/data"
{ printf '\000\000\010\003\377\377\377\377\377\377\377\377\377\377\377\377'
  raw $images | tail -c +17; } | idx huge $images
refused "$i/huge/$images.gz: dimension 1 is 4294967295" "$nt" \
  --data "$i/huge"
{ printf '\000\000\010\003\000\000\023\210\000\000\000\000\000\000\000\034'
  raw $images | tail -c +17; } | idx zero $images
refused "$i/zero/$images.gz: dimension 2 is 0" "$nt" --data "$i/zero"
{ printf '\000\000\010\001\000\000\023\207'; raw $labels | tail -c +9 |
  head -c 4999; } | idx count $labels
refused "$i/count/$labels.gz: 4999 labels for the 5000 images" "$nt" \
  --data "$i/count"
{ raw $labels | head -c 8; printf '\014'; raw $labels | tail -c +10; } |
  idx label $labels
refused "$i/label/$labels.gz: label 12 of item 1 is out of range 0..9" \
  "$nt" --data "$i/label"
{ printf '\000\000\010\003\000\000\023\210\000\000\000\001\000\000\000\001'
  raw $labels | tail -c +9; } | idx dims $labels
refused "$i/dims/$labels.gz: 3 dimensions where 1 are expected" "$nt" \
  --data "$i/dims"
{ printf '\000\000\010\003\000\000\003\350\000\000\000\034\000\000\000\033'
  raw t10k-images-idx3-ubyte | tail -c +17 | head -c 756000; } |
  idx size t10k-images-idx3-ubyte
refused "$i/size: test images are 28x27 but training images are 28x28" \
  "$nt" --data "$i/size"
raw $images | idx gz $images
head -c 100000 "$sub/$images.gz" >"$i/gz/$images.gz"
refused "$i/gz/$images.gz: truncated: " "$nt" --data "$i/gz"
dd if=/dev/zero of="$i/gz/$images.gz" bs=1 seek=50000 count=64 \
  conv=notrunc 2>/dev/null
refused "$i/gz/$images.gz: " "$nt" --data "$i/gz"
raw $images | idx missing $images && rm "$i/missing/t10k-labels-idx1-ubyte.gz"
refused "$i/missing: no file t10k-labels-idx1-ubyte" "$nt" \
  --data "$i/missing"
refused "$i/none: No such file or directory" "$nt" --data "$i/none"
refused "$sub/$images.gz: not a directory" "$nt" --data "$sub/$images.gz"
refused "$toy: bad magic number" "$nt" --predict "$toy"

# --- CIFAR-10 batches (nntrain --data DIR). -------------------------------
# cifar NAME -- five training batches and a test batch of 20 records each.
cifar () {
  d="$tmp/cifar/$1"
  mkdir -p "$d"
  for b in 1 2 3 4 5; do
    for r in 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9; do
      printf "$(printf '\\%03o' $r)"; head -c 3072 /dev/zero
    done >"$d/data_batch_$b.bin"
  done
  cp "$d/data_batch_1.bin" "$d/test_batch.bin"
}
c="$tmp/cifar"
cifar cut && head -c 5000 "$c/cut/data_batch_2.bin" >"$c/cut/b" &&
  mv "$c/cut/b" "$c/cut/data_batch_2.bin"
refused "$c/cut/data_batch_2.bin: truncated: the last record has 1927" \
  "$nt" --data "$c/cut"
cifar label && printf '\013' | dd of="$c/label/data_batch_3.bin" bs=1 \
  seek=3073 conv=notrunc 2>/dev/null
refused "$c/label/data_batch_3.bin: record 2: label 11 is out of range" \
  "$nt" --data "$c/label"
cifar empty && : >"$c/empty/data_batch_4.bin"
refused "$c/empty/data_batch_4.bin: empty: no records" "$nt" \
  --data "$c/empty"
cifar missing && rm "$c/missing/test_batch.bin"
refused "$c/missing: no file test_batch.bin" "$nt" --data "$c/missing"

# --- Model files (nntrain --load, gradcheck --model). ---------------------
m="$tmp/model"
mkdir "$m"
"$nt" --data toy --iters 2 --quiet --save "$m/good.bpm" >/dev/null 2>&1 ||
  echo "# could not train the toy model"
# crc FILE -- replace FILE's last 4 bytes by the CRC-32 of the rest, which
# is what gzip's trailer holds.
crc () {
  head -c -4 "$1" >"$1.body"
  { cat "$1.body"; gzip -c <"$1.body" | tail -c 8 | head -c 4; } >"$1"
  rm "$1.body"
}
# patch NAME OFFSET BYTES -- a copy of good.bpm with BYTES at OFFSET.
patch () {
  cp "$m/good.bpm" "$m/$1.bpm"
  printf "$3" | dd of="$m/$1.bpm" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
head -c 1000 "$m/good.bpm" >"$m/cut.bpm"
refused "$m/cut.bpm: truncated: 1000 of" "$nt" --load "$m/cut.bpm" --eval
patch magic 0 'XBPNET'
refused "$m/magic.bpm: not a backprop model file" "$nt" \
  --load "$m/magic.bpm" --eval
patch version 8 "$(le32 2)" && crc "$m/version.bpm"
refused "$m/version.bpm: model format version 2" "$nt" \
  --load "$m/version.bpm" --eval
patch huge 23 '\100' && crc "$m/huge.bpm"
refused "$m/huge.bpm: absurd dimensions" "$nt" --load "$m/huge.bpm" --eval
patch crc 1000 '\377\377'
refused "$m/crc.bpm: checksum mismatch" "$nt" --load "$m/crc.bpm" --eval
patch nan 76 '\000\000\000\000\000\000\370\177' && crc "$m/nan.bpm"
refused "$m/nan.bpm: preprocessing mean 1 is not finite" "$nt" \
  --load "$m/nan.bpm" --eval
patch inf 100 '\000\000\000\000\000\000\360\177' && crc "$m/inf.bpm"
refused "$m/inf.bpm: parameter 0 is not finite" "$gc" --model "$m/inf.bpm"
{ cat "$m/good.bpm"; printf 'xx'; } >"$m/trailing.bpm"
refused "$m/trailing.bpm: 2 bytes after the end of the model" "$nt" \
  --load "$m/trailing.bpm" --eval
refused "$m/good.bpm: the model takes 4 inputs but the data" "$nt" \
  --load "$m/good.bpm" --eval --data "$sub"

# --- Malformed options. ---------------------------------------------------
refused "--net: expected D,H,C" "$gc" --net 4,10
refused "--h: 'nan' is not a number" "$gc" --h nan
refused "--seed: '99999999999999999999999' is not an integer" "$gc" \
  --seed 99999999999999999999999
refused "--lr: '1e999' is not a number" "$nt" --lr 1e999
refused "--batch: '0x10' is not an integer" "$nt" --batch 0x10

exit $failed
