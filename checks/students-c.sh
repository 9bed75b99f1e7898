#!/bin/sh
# students-c.sh -- gradcheck --backward on the labelled sets of students'
# C backward passes, checks/students/c and c2 to c193, written by
# different hands from the interface alone (built with -g -O0 into
# checks/sandbox/ and checks/sandbox/c2/ and on), as TAP:
#   each correct one: exit 0;
#   each hostile one (a crash, a hang, a write out of bounds): exit 2, one
#   line on stderr naming the object, nothing on stdout;
#   the buggy ones of each set: exit 1 with every labelled root gradient a
#   root cause and every labelled line in the column where, for at least
#   the share of each set given below.  The buggy ones right, first when
#   the set was written, before the rules it taught (c2 on), and now:
#   set  first   now   set  first   now   set  first   now   set  first   now
#   c        - 19/19   c2   10/20 19/20   c3   11/18 17/18   c4   12/16 15/16
#   c5    9/14 14/14   c6   10/14 14/14   c7   10/12 12/12   c8    2/12 10/12
#   c9    8/12 12/12   c10   4/12 10/12   c11   7/12 11/12   c12   8/12 11/12
#   c13   5/12 12/12   c14   6/12  9/12   c15   9/12 12/12   c16   1/12  7/12
#   c17  10/12 12/12   c18   7/12 11/12   c19   5/12 12/12   c20   9/12 11/12
#   c21  11/12 12/12   c22  10/12 12/12   c23   9/12 12/12   c24   8/12 12/12
#   c25   9/12 12/12   c26  10/12 12/12   c28  10/12 12/12   c29   8/12 11/12
#   c30   6/12 11/12   c31   5/12 12/12   c32  10/12 11/12   c33  10/12 11/12
#   c34   8/12 12/12   c35  11/12 12/12   c36  10/12 11/12   c37   7/12 12/12
#   c38  11/12 12/12   c39   8/12 12/12   c40   9/12 12/12   c41   8/12 12/12
#   c42   6/12 10/12   c43   9/12 11/12   c44  10/12 12/12   c45   5/12 12/12
#   c46   8/12 12/12   c47   8/12 10/12   c48   9/12 11/12   c49   5/12 11/12
#   c50  12/12 12/12   c51   9/12 12/12   c52   7/12 12/12   c53  10/12 11/12
#   c54   7/12 11/12   c55  10/12 12/12   c56  10/12 11/12   c57  10/12 10/12
#   c58   6/12  8/12   c59   5/12 11/12   c60   7/12 10/12   c61   1/12  1/12
#   c62   9/12 12/12   c63   8/12 11/12   c64   9/12 12/12   c65  10/12 12/12
#   c66  12/12 12/12   c67   8/12 12/12   c68   8/12 11/12   c69  10/12 12/12
#   c70   5/12 12/12   c71   6/12 12/12   c72   9/12 12/12   c73   6/12 11/12
#   c74   9/12 12/12   c75   7/12 10/12   c76   9/12  9/12   c77   6/12 11/12
#   c78   9/12 11/12   c79   6/12 10/12   c80  11/12 12/12   c81   7/12  9/12
#   c82   7/12  8/12   c83   8/12 12/12   c84  11/12 12/12   c85  12/12 12/12
#   c86   7/12 11/12   c87  12/12 12/12   c88  12/12 12/12   c89   6/12 12/12
#   c90   8/12 12/12   c91   8/12 11/12   c92  10/12 12/12   c93  12/12 12/12
#   c94  11/12 12/12   c95   8/12 12/12   c96  11/12 12/12   c97  11/12 12/12
#   c98  11/12 12/12   c99   9/12 12/12   c100 11/12 11/12   c101 10/12 10/12
#   c102 12/12 12/12   c103 11/12 11/12   c104 12/12 12/12   c105 10/12 11/12
#   c106 12/12 12/12   c107  9/12 12/12   c108 10/12 11/12   c109  8/12 11/12
#   c110  9/12 12/12   c111  6/12  9/12   c112 10/12 12/12   c113 12/12 12/12
#   c114 12/12 12/12   c115 11/12 12/12   c116  7/12 12/12   c117  7/12 11/12
#   c118  9/12 12/12   c119  8/12 11/12   c120 10/12 12/12   c121 11/12 12/12
#   c122 12/12 12/12   c123 12/12 12/12   c124  9/12 12/12   c125  8/12  9/12
#   c126 11/12 12/12   c127  8/12 10/12   c128 12/12 12/12   c129 12/12 12/12
#   c130 12/12 12/12   c131 12/12 12/12   c132 12/12 12/12   c133 11/12 11/12
#   c134 10/12 12/12   c135  7/12 11/12   c136 11/12 11/12   c137 12/12 12/12
#   c138 11/12 12/12   c139 12/12 12/12   c140 12/12 12/12   c141 11/12 12/12
#   c142 11/12 12/12   c143 11/12 12/12   c144  4/12 12/12   c145 11/12 12/12
#   c146 10/12 12/12   c147 10/12 12/12   c148  5/12 11/12   c149  8/12 12/12
#   c150 10/12 12/12   c151  9/12 12/12   c152  9/12 11/12   c153 11/12 12/12
#   c154 11/12 12/12   c155 10/12 11/12   c156  7/12 11/12   c157  6/12 10/12
#   c158 10/12 12/12   c159 11/12 11/12   c160  7/12  7/12   c161 12/12 12/12
#   c162 12/12 12/12   c163 11/12 11/12   c164 12/12 12/12   c165 11/12 12/12
#   c166  3/12 11/12   c167 11/12 11/12   c168  9/12  9/12   c169 11/12 12/12
#   c170 12/12 12/12   c171 12/12 12/12   c172 12/12 12/12   c173  8/12  9/12
#   c174 12/12 12/12   c175 11/12 11/12   c176  8/12 10/12   c177 10/12 10/12
#   c178 12/12 12/12   c179 12/12 12/12   c180 11/12 11/12   c181 12/12 12/12
#   c182 10/12 12/12   c183 11/12 11/12   c184  7/12  9/12   c185  7/12  8/12
#   c186 11/12 11/12   c187 12/12 12/12   c188 11/12 11/12   c189 12/12 12/12
#   c190  7/12  8/12   c191  8/12  9/12   c192  9/12  9/12   c193  8/12 11/12
#   c20 to c40 are typical classes (c20 and c21 taught nothing); c41 to
#   c43 a community college's intro course, numpy homework ported to C,
#   and embedded programmers' fused loops; c44 a second-year class, c45
#   a software-engineering course's defensive C, c46 first-year graduate
#   students, c47 an online course's self-taught learners (c47's s03, a
#   correct file that sums in float, was flagged when first measured),
#   c48 a lab with a skeleton of helpers shared by both layers, c49
#   applied mathematicians' helpers that return new matrices; c50 a
#   large undergraduate class's first C assignment, c51 performance-minded
#   systems students (row pointers, fused and unrolled loops, CBLAS), c52
#   a layer API of helpers called in reverse, c53 a deep-learning
#   course's second assignment, c54 per-example loops from a textbook's
#   pseudocode, c55 careful students' small mistakes (c55's s05 changes
#   cache->prob, which only a second call on the same cache shows:
#   changes-input); c56 a statistics course's
#   R users (1-based loops, column means), c57 a bootcamp's code adapted
#   from other networks, c58 working programmers' reused scratch
#   buffers; c59 embedded students' static buffers, c60 MATLAB and
#   Fortran users, c61 a framework of layer objects wired in a table (its
#   mistakes are in the wiring, far from any store), c62 competitive
#   programmers' macros and one-line loops, c63 students who recompute
#   the forward pass (c63's s12 passed as correct when first measured: a
#   random net's biases were then too small to move an entry across the
#   ReLU's kink); c64 students' second attempts, mid-debugging (dead
#   paths, #if 0, a later store over an earlier one), c65 students who
#   work in place in g's own arrays, c66 students who fill in the
#   template of examples/student, c67 a big class of mixed backgrounds
#   (one style each: formulas, helpers that return matrices, unrolled
#   float loops, while loops, VLAs, macros), c68 students of a course
#   that keeps the samples in columns (Ng's notation, transposed in and
#   out), c69 the night before the deadline (several statements a line),
#   c70 students who write a general loop over the layers, c71 float
#   everywhere (unrolled loops and their tails), c72 an ordinary class of
#   mixed levels, c73 weaker programmers' long literal code (many named
#   temporaries, the wrong one stored), c74 an ordinary class's
#   office-hours bugs, c75 strong students' single subtle slips, c76
#   students who spell out the chain rule (the softmax's Jacobian), c77
#   memory-minded students who take the batch in chunks, c78 an
#   engineering class's sixteen habits, c79 bootcamp students' double **
#   arrays and helper methods, c80 an ordinary class whose mistakes are
#   half away from the store, c81 students who reuse their forward pass's
#   own library in the backward pass, c82 a CS231n-notes class (c82 was
#   the last set written; no rule was taught from it), c83 working
#   developers from Go, Rust, JavaScript and C#; c84 an ordinary
#   undergraduate class's first C homework, c85 a TA's skeleton with TODO
#   blocks filled in, c86 numpy solutions translated line by line (c86's
#   s07 changes cache->prob, as c55's s05), c87 one helper per gradient, c88 a
#   graduate class in a hurry (BLAS first), c89 a systems class's raw
#   pointers and fused loops, c90 derivations in index notation coded as
#   triple loops, c91 the loss and the backward pass in one function;
#   c92 an ordinary second-year class, c93 an evening class of rusty K&R
#   programmers, c94 students told to vectorise everything, c95 physics
#   students' per-sample updates, c96 defensive code (checks, calloc, one
#   exit), c97 students who debug by printing (#ifdef DEBUG, #if 0), c98
#   accessor macros in loops, c99 C written like numpy; c100 an ordinary
#   third-year class with the course notes' names, c101 students retaking
#   the course (redundant copies and helpers), c102 matrix formulas from
#   the whiteboard turned into C, c103 an honours section's single subtle
#   slips, c104 an online course's layer functions from a posted example,
#   c105 a hurried last homework (scratch reuse); c106 an ordinary
#   graduate class's first C homework, c107 numpy code translated with
#   numpy-like helpers, c108 a class taught BLAS instead of loops, c109
#   flat arrays behind indexing macros, c110 a bootcamp's verbose C
#   module, c111 softmax and z1 recomputed instead of read from the cache,
#   c112 in-place work in g's own arrays, c113 one static helper per
#   gradient; c114 an ordinary second-year class abroad (lecture-note
#   names), c115 every product entry a ddot of views, c116 PyTorch-style
#   layer structs and backward functions, c117 defensive code (status
#   checks, goto cleanup), c118 numerical analysts thinking in columns,
#   c119 weak first-years' copy-pasted loops, c120 a private matrix
#   library of helpers, c121 gsl_matrix_ptr and in-place GSL calls; c122
#   an ordinary US college class, c123 long descriptive names and heavy
#   comments, c124 mathematical notation (P, Y, G, Gh), c125 one loop over
#   the samples with per-sample temporaries, c126 explicit one-hot, mask
#   and transposed matrices, c127 MATLAB converts, c128 a Spanish-speaking
#   class, c129 instructor-provided helpers; c130 an ordinary Canadian
#   undergraduate class, c131 an ordinary German master's class, c132 an
#   evening class with the slides' names (dZ2, dA1), c133 a lab manual's
#   one loop nest per gradient, c134 pointer arithmetic without BLAS, c135
#   a scratch workspace filled in stages, c136 textbook delta notation,
#   c137 terse GSL and BLAS one-liners; c138 an ordinary Australian
#   undergraduate class, c139 a French engineering school, c140 an
#   instructor's template of TODO blocks, c141 one long function of
#   brace-scoped blocks with reused short names, c142 fused loops (dp1 and
#   dz1, dz2 and db2 in one pass), c143 row-by-row GSL vector views, c144
#   engineering students' while loops and hand-reset counters, c145
#   BLAS-heavy lecture notes, memcpy then in place; c146 an ordinary class
#   in China, c147 old-textbook C (int casts, declarations at the top),
#   c148 helpers on raw pointers and dimensions, c149 their own double **
#   arrays, copied into g at the end, c150 generous GSL temporaries, c151
#   competitive programmers' REP macros, c152 reverse-mode adjoints, block
#   by block, c153 an online course's learners; c154 an ordinary UK class,
#   c155 per-layer backward functions called in reverse, c156 flat loops
#   over k with k / H and k % C, c157 stack arrays viewed for BLAS, c158 a
#   Brazilian class, c159 many reused temporaries, c160 the chain rule
#   through dL/dprob and the softmax Jacobian, c161 community-college
#   beginners; c162 an ordinary Indian engineering class, c163 an ordinary
#   US state-university class, c164 an ordinary Italian class, c165 an
#   ordinary Korean graduate class, c166 gradients kept in a struct of
#   their own and copied into g at the end, c167 GSL vector and matrix
#   operations for everything, c168 signal-processing students (row
#   pointers, register accumulators, unrolled loops), c169 pair work with
#   both partners' comments, c170 an ordinary German class, c171 an
#   ordinary Mexican class, c172 an ordinary Canadian graduate class, c173
#   a TA's skeleton of numbered TODO blocks over local arrays, c174 an
#   ordinary Nigerian class (gsl_matrix_ptr, memcpy then in place), c175
#   one static helper per gradient, called in order, c176 transposed
#   layouts (W2t, Xt, transposed back into g), c177 Python students'
#   numpy-like helper layer; c178 an ordinary Japanese class, c179 an
#   ordinary Polish class, c180 an ordinary Turkish class, c181 an
#   ordinary Egyptian class with delta notation, c182 raw pointers walked
#   with *p++ and += tda, c183 one sample at a time (row views, dger,
#   daxpy), c184 static workspaces kept between calls, c185 one calloc'd
#   block carved into pieces by offsets; c186 an ordinary Vietnamese
#   class, c187 an ordinary Quebec class in French, c188 an ordinary Dutch
#   applied-mathematics class (G, Gh, P), c189 a large first-year course
#   copying the lecture example, c190 helpers that return new matrices,
#   copied into g, c191 fused passes over the samples with running sums,
#   c192 an index macro for every array, c193 self-checking students (size
#   tests, two ways, debug code left in).
#   c50 to c55 were first measured with
#   the tree at the session's start, c56 to c58 with the rules c50 to c55
#   taught, c59 to c63 with the tree at the next session's start, c64 to
#   c83 with the tree at the start of the one after, c84 to c91 with the
#   tree at the start of the next, c92 to c99 with the rules c84 to c91
#   taught, c100 to c105 with the rules c92 to c99 taught,
#   c106 to c113 with the tree at the start of the session after,
#   c114 to c121 with the rules c106 to c113 taught, c122 to c129 with
#   the rules c114 to c121 taught, c130 to c137 with the rules c122 to
#   c129 taught, c138 to c145 with the tree at the start of the session
#   after and the rule c135 taught, c146 to c153 with the rules c138 to
#   c145 taught, c154 to c161 with the rules c146 to c153 taught,
#   c162 to c169 with the tree at the end of the session after, c170 to
#   c177 with the rules c162 to c169 taught, c178 to c185 with the
#   rules c170 to c177 taught, c186 to c193 with the rules c178 to
#   c185 taught.
: "${srcdir:=.}" "${top_builddir:=.}"
gc="$top_builddir/src/gradcheck"
dir="$top_builddir/checks/sandbox"
tmp=${TMPDIR:-/tmp}/students-c.$$
trap 'rm -f "$tmp".*' EXIT
tab=$(printf '\t')

# Each set with the share of its buggy files that must be judged right.
shares="c2:90 c3:90 c4:90 c5:90 c6:90 c7:90 c8:80 c9:90 c10:75 \
  c11:80 c12:90 c13:90 c14:75 c15:90 c16:50 c17:90 c18:90 c19:90 \
  c20:90 c21:90 c22:90 c23:90 c24:90 c25:90 c26:90 c28:90 \
  c29:90 c30:80 c31:90 c32:90 c33:90 c34:90 \
  c35:90 c36:90 c37:90 c38:90 c39:90 c40:80 c41:90 c42:65 c43:90 \
  c44:90 c45:90 c46:90 c47:80 \
  c48:80 c49:90 c50:90 c51:90 c52:90 c53:90 c54:90 c55:90 \
  c56:90 c57:80 c58:60 c59:90 c60:75 c61:5 c62:90 c63:80 \
  c64:90 c65:90 c66:90 c67:90 c68:90 c69:90 c70:90 c71:90 c72:90 \
  c73:80 c74:90 c75:80 c76:75 c77:90 c78:90 c79:80 \
  c80:90 c81:75 c82:65 c83:90 c84:90 c85:90 c86:90 c87:90 c88:90 \
  c89:90 c90:90 c91:90 c92:90 c93:90 c94:90 c95:90 c96:90 c97:90 \
  c98:90 c99:90 c100:90 c101:80 c102:90 c103:90 c104:90 \
  c105:90 c106:90 c107:90 c108:90 c109:90 c110:90 \
  c111:75 c112:90 c113:90 c114:90 c115:90 c116:90 c117:90 c118:90 \
  c119:90 c120:90 c121:90 c122:90 c123:90 c124:90 c125:75 \
  c126:90 c127:80 c128:90 c129:90 c130:90 c131:90 c132:90 \
  c133:90 c134:90 c135:90 c136:90 c137:90 c138:90 c139:90 c140:90 \
  c141:90 c142:90 c143:90 c144:90 c145:90 c146:90 c147:90 c148:90 \
  c149:90 c150:90 c151:90 c152:90 c153:90 c154:90 c155:90 c156:90 \
  c157:80 c158:90 c159:90 c160:55 c161:90 c162:90 c163:90 c164:90 \
  c165:90 c166:90 c167:90 c168:75 c169:90 c170:90 c171:90 c172:90 \
  c173:75 c174:90 c175:90 c176:80 c177:80 c178:90 c179:90 c180:90 \
  c181:90 c182:90 c183:90 c184:75 c185:65 c186:90 c187:90 c188:90 c189:90 \
  c190:65 c191:75 c192:75 c193:90"
sets=$(for s in $shares; do echo "${s%:*}"; done)

for set in $sets; do
  if ! test -f "$dir/c01-loops.so" || ! test -d "$dir/$set"; then
    echo "1..0 # SKIP the students' objects were not built ($dir)"
    exit 0
  fi
done
tests () {
  awk -F'\t' 'NR > 1 && ($2 ~ /^(yes|1)$/ || $3 ~ /^(crash|hang|oob)$/)' \
    "$1" | wc -l
}
plan=$(tests "$srcdir/checks/students/c/labels.tsv")
for set in $sets; do
  plan=$((plan + $(tests "$srcdir/checks/students/$set/labels.tsv") + 1))
done
echo "1..$((plan + 1))"
n=0

# Is every labelled root (a,b) a root of the tsv report, at its line?
roots_right () {
  for g in $(echo "$2" | tr , ' '); do
    l=$(echo "$3" | tr , '\n' | sed -n "$(echo "$2" | tr , '\n' |
      grep -n "^$g\$" | cut -d: -f1)p")
    awk -F'\t' -v g="$g" -v w="$1:$l" '$1 == g && $7 == "root" && $9 == w {
      f = 1 } END { exit !f }' "$tmp.out" || return 1
  done
}

# score DIR LABELS PERCENT: one test per correct or hostile file, one for
# the buggy ones together.
score () {
  buggy=0 right=0
  while IFS=$tab read -r file correct root line note; do
    test "$file" = file && continue
    so="$1/${file%.c}.so"
    "$gc" --backward "$so" --net 5,10,3 --batch 7 --timeout 3 --format tsv \
      >"$tmp.out" 2>"$tmp.err"
    st=$?
    case $correct/$root in
      yes/*|1/*)
        n=$((n + 1))
        if test $st = 0; then r=ok; else r="not ok"; fi
        echo "$r $n - $file (correct): exit 0 (got $st)" ;;
      */crash|*/hang|*/oob)
        n=$((n + 1))
        if test $st = 2 && test ! -s "$tmp.out" &&
           test "$(wc -l <"$tmp.err")" = 1 &&
           grep -q "^gradcheck: $so: " "$tmp.err"; then r=ok; else r="not ok"
        fi
        echo "$r $n - $file ($root): exit 2, one line: $(cat "$tmp.err")" ;;
      *)
        buggy=$((buggy + 1))
        if test $st = 1 && roots_right "$file" "$root" "$line"; then
          right=$((right + 1))
        else
          echo "# judged wrong: $file (root $root, line $line): exit $st;" \
            $(awk -F'\t' '$7 == "root" { printf "%s %s at %s; ", $1, $8, $9 }' \
              "$tmp.out")
        fi ;;
    esac
  done <"$2"
  n=$((n + 1))
  if test $((right * 100)) -ge $((buggy * $3)); then r=ok; else r="not ok"; fi
  echo "$r $n - $right of $buggy buggy students of $(basename "$(dirname "$2")"):" \
    "the root and the line of each mistake (at least $3%)"
}

score "$dir" "$srcdir/checks/students/c/labels.tsv" 90
for set_share in $shares; do
  set=${set_share%:*}
  score "$dir/$set" "$srcdir/checks/students/$set/labels.tsv" \
    "${set_share#*:}"
done
