/* causes.c -- explain each root-cause gradient by the mistake that
 * reproduces it (see causes.h).
 *
 * The mistakes are data: the table `rows' below, one row per hypothesis,
 * with the builder of its prediction.  One routine, search(), fits every
 * row that concerns a gradient at increasing freedom and verifies the fix
 * of each against the check's own references. */

#include <config.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "backprop/backward.h"
#include "backprop/causes.h"

#define G(id) (1u << (id))

/* Everything a prediction is built from. */
struct ctx {
  const bp_net *net;
  const gsl_matrix *X;          /* (N, D) */
  const size_t *y;              /* (N) */
  double reg;
  const bp_cache *cache;
  const bp_grads *user;         /* the checked gradients */
  bp_grads *ref;                /* the convention's correct ones */
  const bp_convention *conv;
  double rtol, atol;            /* a prediction fits within these */
  double singular;              /* of a two-factor fit */
  size_t N;
  const gsl_matrix *b1, *b2;    /* the biases, as one-row matrices */
};

/* The tensors a row may put in place of a layer rule's own operand. */
enum operand { OP_RULE, OP_Z1, OP_P1, OP_Z2, OP_PROB, OP_DP1, OP_DW2 };

/* dz2 and its variants; dz1 from dp1 with its mask and its variants. */
enum dz2v { DZ2_RIGHT, DZ2_NO_ONEHOT, DZ2_ONEHOT_ADDED, DZ2_ONEHOT_MOVED,
            DZ2_LABEL_REVERSED, DZ2_ONEHOT_UNSCALED, DZ2_SCORES, DZ2_COLUMNS,
            DZ2_COLUMNS_MAX, DZ2_OF_PROB, DZ2_FROM1, DZ2_RUNNING,
            DZ2_RUNNING_MAX, DZ2_UNNORMALISED, DZ2_UNNORMALISED_MAX,
            DZ2_MAX_ABOVE, DZ2_MAX_BELOW, DZ2_NEGATED, DZ2_SHIFT_IN_PLACE };
enum mask { MASK_Z1, MASK_SIGN, MASK_NONE, MASK_INVERTED, TIMES_Z1,
            TIMES_P1, MASK_SWAPPED };

struct row;
typedef gsl_matrix *build_fn (const struct ctx *c, enum bp_grad_id id,
                              const struct row *h);

/* One hypothesis: the correct rule with one thing changed. */
struct row {
  unsigned grads;               /* G (id) of each gradient it explains */
  const char *code;             /* "" for the correct rule itself */
  const char *says;             /* the sentence, after the gradient's name */
  const char *says_sum;         /* the same for a summed loss, if it differs */
  build_fn *build;              /* the prediction's data term */
  int arg;                      /* the builder's: an enum dz2v or mask */
  enum operand left, up;        /* a layer rule's operands, if replaced */
  unsigned via;                 /* G (dz1 or dz2): the mistake lies in that
                                   upstream, tried when it is not supplied */
  unsigned needs;               /* G (id) of a gradient it needs supplied */
  int whole;                    /* K multiplies the penalty term too: 1,
                                   added to the builder's data term; 2,
                                   made by the builder itself */
};

static build_fn build_softmax, build_relu, build_layer, build_self_masked,
  build_unmasked, build_reshaped, build_scrambled, build_hidden_as_input,
  build_reg_scrambled, build_reg_squared,
  build_output_masked, build_first_twice,
  build_via, build_samples, build_running, build_layout, build_classes;
static const gsl_matrix *penalised (const struct ctx *c, enum bp_grad_id id);
static void axpy (double alpha, const gsl_matrix *X, gsl_matrix *Y);

/* The hypotheses, most likely first within each gradient.  For each
 * gradient the first row is its correct rule (code ""); where a penalty
 * is in the rule, a row before it fits K to the whole rule. */

#define LAYERS (G (BP_DW2) | G (BP_DB2) | G (BP_DP1) | G (BP_DW1) \
                | G (BP_DB1))
#define PENALISED (G (BP_DW2) | G (BP_DB2) | G (BP_DW1) | G (BP_DB1))
#define ONEHOT_SAYS "is softmax(z2) / N: the one-hot of the labels was not " \
  "subtracted."
#define ONEHOT_SAYS_SUM "is softmax(z2): the one-hot of the labels was " \
  "not subtracted."
#define ONEHOT_SIGN_SAYS "is (softmax(z2) + onehot(y)) / N: the one-hot " \
  "of the labels was added; it must be subtracted."
#define ONEHOT_SIGN_SAYS_SUM "is softmax(z2) + onehot(y): the one-hot of " \
  "the labels was added; it must be subtracted."
#define REVERSED_SAYS "has (1 - softmax(z2)) / N at each sample's label, " \
  "where (softmax(z2) - 1) / N belongs: the subtraction at the label is " \
  "written the wrong way round."
#define REVERSED_SAYS_SUM "has 1 - softmax(z2) at each sample's label, " \
  "where softmax(z2) - 1 belongs: the subtraction at the label is " \
  "written the wrong way round."
#define SCORES_SAYS "uses the scores z2 where softmax(z2) belongs."
#define SIGN_SAYS "masks on the sign of dp1; it must mask on z1, the " \
  "ReLU's input."
#define NO_MASK_SAYS "is dp1 with no ReLU mask; it must be zero where " \
  "z1 <= 0."
#define AXIS_SAYS "comes from a softmax taken down the columns, over the " \
  "samples: its denominator sums over the wrong axis; each row of " \
  "softmax(z2) must sum to 1."
#define RESET_SAYS "comes from a softmax whose denominator keeps the sums " \
  "of the rows before: it is set to zero once, not for each sample."
#define INVERTED_SAYS "keeps dp1 where z1 <= 0 and drops it where z1 > 0: " \
  "the ReLU mask is inverted."

static const struct row rows[] = {
  { .grads = G (BP_DZ2), .code = "", .build = build_softmax,
    .arg = DZ2_RIGHT },
  { .grads = G (BP_DZ2), .code = "onehot-missing", .says = ONEHOT_SAYS,
    .says_sum = ONEHOT_SAYS_SUM, .build = build_softmax,
    .arg = DZ2_NO_ONEHOT },
  { .grads = G (BP_DZ2), .code = "onehot-sign", .says = ONEHOT_SIGN_SAYS,
    .says_sum = ONEHOT_SIGN_SAYS_SUM, .build = build_softmax,
    .arg = DZ2_ONEHOT_ADDED },
  { .grads = G (BP_DZ2), .code = "onehot-moved", .says = "has its ones at "
    "the wrong entries: the one-hot of the labels has one 1 in each row "
    "i, at column y[i].", .build = build_softmax, .arg = DZ2_ONEHOT_MOVED },
  { .grads = G (BP_DZ2), .code = "relu-output", .says = "is masked by a "
    "ReLU on z2: zero where z2 <= 0.  The output layer has no ReLU; only "
    "the hidden layer's dz1 is masked.", .build = build_output_masked },
  { .grads = G (BP_DZ2), .code = "onehot-unscaled", .says = "is "
    "softmax(z2) / N - onehot(y): the probabilities were divided by N "
    "before the one-hot was subtracted, so its ones were not; it must be "
    "(softmax(z2) - onehot(y)) / N.", .build = build_softmax,
    .arg = DZ2_ONEHOT_UNSCALED },
  { .grads = G (BP_DZ2), .code = "onehot-reversed", .says = REVERSED_SAYS,
    .says_sum = REVERSED_SAYS_SUM, .build = build_softmax,
    .arg = DZ2_LABEL_REVERSED },
  { .grads = G (BP_DZ2), .code = "operand:z2", .says = SCORES_SAYS,
    .build = build_softmax, .arg = DZ2_SCORES },
  { .grads = G (BP_DZ2), .code = "softmax-axis", .says = AXIS_SAYS,
    .build = build_softmax, .arg = DZ2_COLUMNS },
  { .grads = G (BP_DZ2), .code = "softmax-axis", .says = AXIS_SAYS,
    .build = build_softmax, .arg = DZ2_COLUMNS_MAX },
  { .grads = G (BP_DZ2), .code = "softmax-sum", .says = "comes from a "
    "softmax whose denominator leaves out the first class: the loop that "
    "sums the exponentials starts at 1; it must run over all C.",
    .build = build_softmax, .arg = DZ2_FROM1 },
  { .grads = G (BP_DZ2), .code = "softmax-reset", .says = RESET_SAYS,
    .build = build_softmax, .arg = DZ2_RUNNING },
  { .grads = G (BP_DZ2), .code = "softmax-reset", .says = RESET_SAYS,
    .build = build_softmax, .arg = DZ2_RUNNING_MAX },
  { .grads = G (BP_DZ2), .code = "softmax-unnormalised", .says = "comes "
    "from a softmax that was never normalised: the exponentials exp(z2) "
    "are not divided by their row's sum.", .build = build_softmax,
    .arg = DZ2_UNNORMALISED },
  { .grads = G (BP_DZ2), .code = "softmax-unnormalised", .says = "comes "
    "from a softmax that was never normalised: the exponentials exp(z2 - "
    "max) are not divided by their row's sum.", .build = build_softmax,
    .arg = DZ2_UNNORMALISED_MAX },
  { .grads = G (BP_DZ2), .code = "softmax-max", .says = "comes from a "
    "softmax that takes the row's maximum from the numerator only: "
    "exp(z2 - max) over the sum of exp(z2); the denominator must sum "
    "exp(z2 - max) too.", .build = build_softmax, .arg = DZ2_MAX_ABOVE },
  { .grads = G (BP_DZ2), .code = "softmax-numerator", .says = "comes from "
    "a softmax that takes the row's maximum from the denominator only: "
    "exp(z2) over the sum of exp(z2 - max); the numerator must be exp(z2 "
    "- max) too.", .build = build_softmax, .arg = DZ2_MAX_BELOW },
  { .grads = G (BP_DZ2), .code = "softmax-sign", .says = "comes from a "
    "softmax of -z2: its exponent has the wrong sign, exp(max - z2) where "
    "exp(z2 - max) belongs.", .build = build_softmax, .arg = DZ2_NEGATED },
  { .grads = G (BP_DZ2), .code = "softmax-shift", .says = "comes from a "
    "softmax whose row maximum was subtracted in place, r[k] -= r[max]: "
    "once the maximum's own entry is 0, the entries after it are not "
    "shifted.  Keep the maximum in a variable first.",
    .build = build_softmax, .arg = DZ2_SHIFT_IN_PLACE },
  { .grads = G (BP_DZ2), .code = "operand:prob", .says = "comes from a "
    "softmax of the probabilities softmax(z2), taken again, where the "
    "scores z2 belong.", .build = build_softmax, .arg = DZ2_OF_PROB },

  { .grads = G (BP_DZ1), .code = "", .build = build_relu, .arg = MASK_Z1 },
  { .grads = G (BP_DZ1), .code = "relu-mask-sign", .says = SIGN_SAYS,
    .build = build_relu, .arg = MASK_SIGN },
  { .grads = G (BP_DZ1), .code = "relu-no-mask", .says = NO_MASK_SAYS,
    .build = build_relu, .arg = MASK_NONE },
  { .grads = G (BP_DZ1), .code = "relu-no-mask", .says = "is dp1 as its "
    "rule makes it, with no ReLU mask, while dp1 itself is masked: the "
    "mask went to dp1 where dz1 needed it.", .build = build_unmasked },
  { .grads = G (BP_DZ1), .code = "relu-mask-inverted",
    .says = INVERTED_SAYS, .build = build_relu, .arg = MASK_INVERTED },
  { .grads = G (BP_DZ1), .code = "operand:z1", .says = "multiplies dp1 by "
    "the values of z1; it must multiply by the mask [z1 > 0].",
    .build = build_relu, .arg = TIMES_Z1 },
  { .grads = G (BP_DZ1), .code = "operand:p1", .says = "multiplies dp1 by "
    "the values of p1; it must multiply by the mask [z1 > 0].",
    .build = build_relu, .arg = TIMES_P1 },
  { .grads = G (BP_DZ1), .code = "relu-swapped", .says = "is z1 masked "
    "on the sign of dp1: the ReLU's backward has its two inputs the other "
    "way round; it must be dp1 masked on z1 > 0.", .build = build_relu,
    .arg = MASK_SWAPPED },
  { .grads = G (BP_DZ1), .code = "operand:p1", .says = "masks p1, the "
    "ReLU's output, where dp1 belongs: dz1 = dp1 * [z1 > 0].",
    .build = build_relu, .arg = MASK_Z1, .up = OP_P1 },

  { .grads = PENALISED, .code = "", .build = build_layer, .whole = 1 },
  { .grads = LAYERS, .code = "", .build = build_layer },
  { .grads = G (BP_DP1), .code = "masked-in-place", .says = "holds dz1: "
    "the ReLU's mask was applied to dp1 in place (dp1[z1 <= 0] = 0); dp1 "
    "itself must keep every entry, and the mask belongs in dz1 only.",
    .build = build_self_masked, .arg = 1 },
  { .grads = G (BP_DP1), .code = "relu-mask-sign", .says = "has its "
    "negative entries set to zero, a ReLU mask on its own sign; the mask "
    "belongs in dz1, on z1.", .build = build_self_masked },
  { .grads = G (BP_DP1), .code = "operand:dW2", .says = "uses dW2 where W2 "
    "belongs.", .build = build_layer, .left = OP_DW2,
    .needs = G (BP_DW2) },
  { .grads = G (BP_DW2), .code = "operand:z1", .says = "uses z1 where p1 "
    "belongs.", .build = build_layer, .left = OP_Z1 },
  { .grads = G (BP_DB2), .code = "operand:z2", .says = "sums the scores z2 "
    "where dz2 belongs.", .build = build_layer, .up = OP_Z2 },
  { .grads = G (BP_DW2) | G (BP_DB2) | G (BP_DP1), .code = "operand:prob",
    .says = "uses the probabilities softmax(z2) where dz2 belongs.",
    .build = build_layer, .up = OP_PROB },
  { .grads = G (BP_DP1), .code = "classes", .says = "sums over the classes "
    "but leaves out the first: a loop over the classes starts at 1; it must "
    "run over all C.", .build = build_classes, .arg = 0 },
  { .grads = G (BP_DP1), .code = "classes", .says = "sums over the classes "
    "but leaves out the last: a loop over the classes stops at C - 1; it "
    "must run over all C.", .build = build_classes, .arg = 1 },
  { .grads = G (BP_DW2) | G (BP_DW1), .code = "layout", .says = "holds "
    "the right values in the wrong places: its entries were stored as if "
    "it were its own transpose, row after row (an index mix-up, such as "
    "data[c * H + h] where data[h * C + c] belongs).", .build = build_layout },
  { .grads = G (BP_DW2) | G (BP_DW1), .code = "layout", .says = "holds "
    "the right values in the wrong places: its entries were stored as if "
    "it were its own transpose, row after row (an index mix-up, such as "
    "data[c * H + h] where data[h * C + c] belongs).", .build = build_layout,
    .arg = 1, .whole = 2 },
  { .grads = G (BP_DP1), .code = "reshape", .says = "uses W2 reshaped "
    "where its transpose W2' belongs: W2's entries read row after row into "
    "a C x H matrix (a memcpy, a view, or an index or size mix-up in a "
    "transpose) are not W2'.", .build = build_reshaped },
  { .grads = G (BP_DW2), .code = "reshape", .says = "uses p1 reshaped "
    "where its transpose p1' belongs: p1's entries read row after row into "
    "an H x N matrix (a memcpy, a view, or an index or size mix-up in a "
    "transpose) are not p1'.", .build = build_reshaped },
  { .grads = G (BP_DW1), .code = "reshape", .says = "uses X reshaped "
    "where its transpose X' belongs: X's entries read row after row into "
    "a D x N matrix (a memcpy, a view, or an index or size mix-up in a "
    "transpose) are not X'.", .build = build_reshaped },
  { .grads = G (BP_DP1), .code = "transpose-dims", .says = "uses W2 "
    "transposed with its sizes swapped where W2' belongs: a transpose told "
    "the shape of its output (C x H) where its input's (H x C) belongs "
    "reads W2's entries at the wrong places.", .build = build_reshaped,
    .arg = 1 },
  { .grads = G (BP_DW2), .code = "transpose-dims", .says = "uses p1 "
    "transposed with its sizes swapped where p1' belongs: a transpose told "
    "the shape of its output (H x N) where its input's (N x H) belongs "
    "reads p1's entries at the wrong places.", .build = build_reshaped,
    .arg = 1 },
  { .grads = G (BP_DW1), .code = "transpose-dims", .says = "uses X "
    "transposed with its sizes swapped where X' belongs: a transpose told "
    "the shape of its output (D x N) where its input's (N x D) belongs "
    "reads X's entries at the wrong places.", .build = build_reshaped,
    .arg = 1 },
  { .grads = G (BP_DW1), .code = "operand:p1", .says = "uses p1 (its "
    "first D columns) where X belongs: the second layer's line copied and "
    "not changed.", .build = build_hidden_as_input, .arg = OP_P1 },
  { .grads = G (BP_DW1), .code = "operand:z1", .says = "uses z1 (its "
    "first D columns) where X belongs: the second layer's line copied and "
    "not changed.", .build = build_hidden_as_input, .arg = OP_Z1 },
  { .grads = G (BP_DW1) | G (BP_DW2), .code = "reg-scrambled", .says =
    "has the right data term, but its penalty reads the weights' entries "
    "at the wrong places: each entry's penalty is some weight's, not its "
    "own (an index or stride mixed up, w[h * D + d] where w[d * H + h] "
    "belongs).", .build = build_reg_scrambled, .whole = 2 },
  { .grads = G (BP_DW1) | G (BP_DW2), .code = "reg-squared", .says =
    "has the right data term, but its penalty is a multiple of reg W^2, "
    "the penalty's own value, where its derivative 2 reg W belongs (pow "
    "(w, 2) or w * w written for the derivative of w^2).",
    .build = build_reg_squared, .whole = 2 },
  { .grads = G (BP_DP1), .code = "scrambled", .says = "uses W2's entries "
    "in the wrong places where W2' belongs: dp1 is dz2 times a C x H "
    "matrix that holds W2's values (some perhaps twice, or zeros in their "
    "place) but not where W2' has them: a transpose with its sizes or "
    "strides mixed up.",
    .build = build_scrambled },
  { .grads = LAYERS, .code = "not-reset", .says = "keeps adding along "
    "each row: every entry holds the sum of the entries before it too, as "
    "when an accumulator is set to zero once per row instead of once per "
    "entry.", .build = build_running, .arg = 1 },
  { .grads = LAYERS, .code = "not-reset", .says = "keeps adding down each "
    "column: every entry holds the sum of the entries above it too, as "
    "when an accumulator is set to zero once per column instead of once "
    "per entry.", .build = build_running, .arg = 0 },
  { .grads = LAYERS, .code = "not-reset", .says = "keeps adding from entry "
    "to entry, row after row: every entry holds the sum of all the entries "
    "before it too, as when an accumulator is set to zero once, before the "
    "loops, instead of once per entry.", .build = build_running, .arg = 2 },
  { .grads = LAYERS, .code = "not-reset", .says = "keeps adding from entry "
    "to entry, column after column: every entry holds the sum of all the "
    "entries before it too, as when an accumulator is set to zero once, "
    "before the loops, instead of once per entry.", .build = build_running,
    .arg = 3 },
  { .grads = G (BP_DW2) | G (BP_DB2) | G (BP_DW1) | G (BP_DB1),
    .code = "overwrites", .says = "holds the last sample's term only: in "
    "the loop over the samples it is stored with = where += belongs.",
    .build = build_samples, .arg = 2 },
  { .grads = G (BP_DW2) | G (BP_DB2) | G (BP_DW1) | G (BP_DB1),
    .code = "samples", .says = "sums over only the first samples of the "
    "batch: a loop over the samples stops early (its bound); it must run "
    "over all N.", .build = build_samples },
  { .grads = G (BP_DW2) | G (BP_DB2) | G (BP_DW1) | G (BP_DB1),
    .code = "samples", .says = "skips the first samples of the batch: a "
    "loop over the samples starts late (at 1, say); it must start at 0.",
    .build = build_samples, .arg = 1 },
  { .grads = G (BP_DB2) | G (BP_DB1), .code = "samples", .says = "counts "
    "the first sample twice: the sum starts from row 0 and its loop over "
    "the samples starts at 0 as well; one of them must not.",
    .build = build_first_twice },

  /* dz1 not supplied: a mistake in it, before dW1 and db1.  Tried before
   * the operands: with dz1 unseen, "dW1 from dp1" and "dz1 without its
   * mask" are the same, and the mask is the likelier. */
  { .grads = G (BP_DW1) | G (BP_DB1), .code = "relu-mask-sign",
    .says = SIGN_SAYS, .build = build_via, .arg = MASK_SIGN,
    .via = G (BP_DZ1) },
  { .grads = G (BP_DW1) | G (BP_DB1), .code = "relu-no-mask",
    .says = NO_MASK_SAYS, .build = build_via, .arg = MASK_NONE,
    .via = G (BP_DZ1) },
  { .grads = G (BP_DW1) | G (BP_DB1), .code = "relu-mask-inverted",
    .says = INVERTED_SAYS, .build = build_via, .arg = MASK_INVERTED,
    .via = G (BP_DZ1) },
  { .grads = G (BP_DW1) | G (BP_DB1), .code = "operand:dp1",
    .says = "uses dp1 where dz1 belongs.", .build = build_layer,
    .up = OP_DP1 },
  { .grads = G (BP_DW1) | G (BP_DB1), .code = "operand:z1",
    .says = "uses z1 where dz1 belongs.", .build = build_layer,
    .up = OP_Z1 },
  { .grads = G (BP_DW1) | G (BP_DB1), .code = "operand:p1",
    .says = "uses p1 where dz1 belongs.", .build = build_layer,
    .up = OP_P1 },

  /* dz2 not supplied: a mistake in it, before everything else. */
  { .grads = LAYERS, .code = "onehot-missing", .says = ONEHOT_SAYS,
    .says_sum = ONEHOT_SAYS_SUM, .build = build_via, .arg = DZ2_NO_ONEHOT,
    .via = G (BP_DZ2) },
  { .grads = LAYERS, .code = "onehot-sign", .says = ONEHOT_SIGN_SAYS,
    .says_sum = ONEHOT_SIGN_SAYS_SUM, .build = build_via,
    .arg = DZ2_ONEHOT_ADDED, .via = G (BP_DZ2) },
  { .grads = LAYERS, .code = "operand:z2", .says = SCORES_SAYS,
    .build = build_via, .arg = DZ2_SCORES, .via = G (BP_DZ2) },
};

enum { NROWS = sizeof rows / sizeof rows[0] };

/* One root gradient while its causes are tried. */
struct root {
  bp_gradcheck_grad *g;
  const gsl_matrix *a;          /* its values, as checked */
  const gsl_matrix *P;          /* the parameter penalised in its rule */
  double F0;                    /* the penalty's factor there: 2 penalty */
  gsl_matrix *right;            /* the correct rule's values */
  unsigned char *wrong;         /* entries mismatched, as checked */
  size_t m;                     /* their number */
};

/* A fitted prediction, a = K B + F reg P, and what its fix does. */
struct cand {
  const struct row *h;          /* NULL: the gradient is zero */
  double K, F;
  int pen;                      /* F was part of the fit's prediction */
  size_t explained, spoiled;    /* wrong entries fixed, right ones broken */
  int exact;                    /* the fixed gradient agrees everywhere */
};

/* Text, appended piece by piece. */
struct text {
  char *s;
  size_t size, len;
};

static int
supplied (const struct ctx *c, enum bp_grad_id id)
{
  return (c->user->present & G (id)) != 0;
}

/* Upstream gradient id (dz2, dp1 or dz1) as the checked code produced it,
 * or the correct one when it was not supplied. */
static const gsl_matrix *
given (const struct ctx *c, enum bp_grad_id id)
{
  const bp_grads *g = supplied (c, id) ? c->user : c->ref;
  return id == BP_DZ2 ? g->dz2 : id == BP_DP1 ? g->dp1 : g->dz1;
}

static const gsl_matrix *
operand (const struct ctx *c, enum operand op)
{
  switch (op)
    {
    case OP_Z1: return c->cache->z1;
    case OP_P1: return c->cache->p1;
    case OP_Z2: return c->cache->z2;
    case OP_PROB: return c->cache->prob;
    case OP_DP1: return given (c, BP_DP1);
    case OP_DW2: return c->user->dW2;
    default: return NULL;
    }
}

/* The rule of a layer's gradient id (dW2, db2, dp1, dW1, db1), by the
 * layer's own backward, bp_affine_backward, from its operands: left, the
 * tensor the layer multiplies (p1 or X for dW, W2 for dp1), and up, the
 * gradient of its output (dz2, or dz1 in layer 1); NULL for the rule's
 * own.  Biases come as one row. */
static gsl_matrix *
layer_rule (const struct ctx *c, enum bp_grad_id id, const gsl_matrix *left,
            const gsl_matrix *up)
{
  int one = id == BP_DW1 || id == BP_DB1, bias = id == BP_DB1 || id == BP_DB2;
  const gsl_matrix *in = one ? c->X : c->cache->p1;
  const gsl_matrix *W = one ? c->net->W1 : c->net->W2;
  gsl_matrix *M;
  gsl_vector_view row;

  if (up == NULL)
    up = given (c, one ? BP_DZ1 : BP_DZ2);
  if (left != NULL && id == BP_DP1)
    W = left;
  else if (left != NULL)
    in = left;
  M = gsl_matrix_alloc (id == BP_DP1 ? c->N : bias ? 1 : W->size1,
                        id == BP_DP1 ? W->size1 : W->size2);
  if (M == NULL)
    return NULL;
  row = gsl_matrix_row (M, 0);
  if (bp_affine_backward (up, in, W, id == BP_DP1 ? M : NULL,
                          bias || id == BP_DP1 ? NULL : M,
                          bias ? &row.vector : NULL))
    {
      gsl_matrix_free (M);
      return NULL;
    }
  return M;
}

/* The probabilities of a softmax that a student computes again, wrong:
 * over the columns (of exp (z2), or of exp (z2 - its row's maximum)); of
 * prob instead of z2; with a denominator that leaves out class 0; with
 * one that keeps the rows before (each row's exponentials taken as they
 * are, or less the row's maximum); with one of exp (z2) under a
 * numerator of exp (z2 - max), or of exp (z2 - max) under exp (z2); of
 * -z2 (exp (max - z2)); or with none (the exponentials, of z2 or
 * of z2 less its row's maximum, never divided); or with the maximum
 * taken from the row in place (the entries after it left unshifted). */
static gsl_matrix *
own_softmax (const struct ctx *c, enum dz2v v)
{
  const gsl_matrix *Z = v == DZ2_OF_PROB ? c->cache->prob : c->cache->z2;
  gsl_matrix *P = gsl_matrix_alloc (Z->size1, Z->size2);
  double running = 0.0;

  if (P == NULL)
    return NULL;
  for (size_t i = 0; i < Z->size1; i++)
    {
      double mx = gsl_matrix_get (Z, i, 0), sum = 0.0;
      size_t at = 0;
      for (size_t j = 1; j < Z->size2; j++)
        if (gsl_matrix_get (Z, i, j) > mx)
          mx = gsl_matrix_get (Z, i, at = j);
      if (v == DZ2_COLUMNS || v == DZ2_RUNNING || v == DZ2_UNNORMALISED)
        mx = 0.0;               /* (a column's maximum would cancel) */
      for (size_t j = 0; j < Z->size2; j++)
        {
          double z = gsl_matrix_get (Z, i, j);
          double shift = (v == DZ2_SHIFT_IN_PLACE && j > at)
            || v == DZ2_MAX_BELOW ? 0.0 : mx;
          gsl_matrix_set (P, i, j, v == DZ2_NEGATED ? exp (mx - z)
                          : exp (z - shift));
          sum += v == DZ2_FROM1 && j == 0 ? 0.0 : v == DZ2_MAX_ABOVE
            ? exp (z) : v == DZ2_MAX_BELOW ? exp (z - mx)
            : gsl_matrix_get (P, i, j);
        }
      running += sum;
      for (size_t j = 0; v != DZ2_COLUMNS && v != DZ2_COLUMNS_MAX
             && v != DZ2_UNNORMALISED && v != DZ2_UNNORMALISED_MAX
             && j < Z->size2; j++)
        gsl_matrix_set (P, i, j, gsl_matrix_get (P, i, j)
                        / (v == DZ2_RUNNING || v == DZ2_RUNNING_MAX
                           ? running : sum));
    }
  for (size_t j = 0; (v == DZ2_COLUMNS || v == DZ2_COLUMNS_MAX)
         && j < Z->size2; j++)
    {
      gsl_vector_view col = gsl_matrix_column (P, j);
      double sum = 0.0;
      for (size_t i = 0; i < Z->size1; i++)
        sum += gsl_vector_get (&col.vector, i);
      gsl_vector_scale (&col.vector, 1.0 / sum);
    }
  return P;
}

/* M (N, C) holds dz2 = (softmax(z2) - T) s, T the one-hot of the labels
 * and s the convention's 1 / N or 1.  Puts in T the matrix of zeros and
 * ones that the checked dz2 has in its place, if it has one and it is
 * neither the one-hot nor all ones (1 taken from every entry is no
 * one-hot at the wrong entries), and returns 1; else 0. */
static int
onehot_moved (const struct ctx *c, gsl_matrix *M)
{
  const gsl_matrix *S = c->user->dz2;
  double s = c->conv->sum ? 1.0 : 1.0 / (double) c->N;
  int moved = 0, ones = 0;

  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      {
        double p = gsl_matrix_get (c->cache->prob, i, j);
        double t = (p * s - gsl_matrix_get (S, i, j)) / s, r = round (t);
        if ((r != 0.0 && r != 1.0) || fabs (t - r) > 1e-6)
          return 0;
        moved |= (r == 1.0) != (j == c->y[i]);
        ones += r == 1.0;
        gsl_matrix_set (M, i, j, (p - r) * s);
      }
  return moved && ones < (int) (M->size1 * M->size2);
}

/* dz2 = (softmax(z2) - onehot(y)) / N by the loss's own backward, or a
 * variant (no one-hot, one added, ones elsewhere, 1 - softmax(z2) at
 * the labels, or the one-hot not divided by N); N times as large when the data loss is a sum. */
static gsl_matrix *
softmax_pred (const struct ctx *c, enum dz2v v)
{
  gsl_matrix *M = gsl_matrix_alloc (c->N, c->net->C);
  int status;

  if (M == NULL)
    return NULL;
  if (v == DZ2_NO_ONEHOT)
    {
      status = gsl_matrix_memcpy (M, c->cache->prob);
      if (status == 0)
        status = gsl_matrix_scale (M, 1.0 / (double) c->N);
    }
  else if (v >= DZ2_COLUMNS)    /* a softmax of the student's own */
    {
      gsl_matrix *P = own_softmax (c, v);
      status = P ? bp_softmax_loss_backward (P, c->y, M) : GSL_ENOMEM;
      gsl_matrix_free (P);
    }
  else                          /* (P - onehot) / N of P = softmax or z2 */
    status = bp_softmax_loss_backward (v == DZ2_SCORES ? c->cache->z2
                                       : c->cache->prob, c->y, M);
  for (size_t i = 0; status == 0 && v == DZ2_ONEHOT_ADDED && i < c->N; i++)
    *gsl_matrix_ptr (M, i, c->y[i]) += 2.0 / (double) c->N;   /* + onehot */
  for (size_t i = 0; status == 0 && v == DZ2_ONEHOT_UNSCALED && i < c->N;
       i++)                                      /* P / N - onehot */
    *gsl_matrix_ptr (M, i, c->y[i]) -= 1.0 - 1.0 / (double) c->N;
  for (size_t i = 0; status == 0 && v == DZ2_LABEL_REVERSED && i < c->N; i++)
    *gsl_matrix_ptr (M, i, c->y[i]) *= -1.0;      /* onehot - P at the label */
  if (status == 0 && c->conv->sum)
    status = gsl_matrix_scale (M, (double) c->N);
  if (status == 0 && v == DZ2_ONEHOT_MOVED && !onehot_moved (c, M))
    status = GSL_EDOM;
  if (status)
    {
      gsl_matrix_free (M);
      return NULL;
    }
  return M;
}

/* dz1 from an upstream U (N, H) by the ReLU's own backward,
 * bp_relu_backward, with its mask on z1 (the rule), on the sign of U, on
 * nothing, inverted; or U multiplied by the values of z1 or p1; or z1
 * masked on the sign of U (the two inputs swapped). */
static gsl_matrix *
relu_pred (const struct ctx *c, const gsl_matrix *U, enum mask m)
{
  const gsl_matrix *z1 = c->cache->z1;
  gsl_matrix *M = gsl_matrix_alloc (U->size1, U->size2);
  int status;

  if (M == NULL)
    return NULL;
  if (m == MASK_SWAPPED)     /* z1 masked on U's sign */
    status = bp_relu_backward (z1, U, M);
  else if (m == MASK_Z1 || m == MASK_SIGN || m == MASK_INVERTED)
    status = bp_relu_backward (U, m == MASK_SIGN ? U : z1, M);
  else
    status = gsl_matrix_memcpy (M, U);
  if (status == 0 && m == MASK_INVERTED)  /* U - U [z1 > 0] */
    {
      gsl_matrix_scale (M, -1.0);
      status = gsl_matrix_add (M, U);
    }
  if (status == 0 && (m == TIMES_Z1 || m == TIMES_P1))
    status = gsl_matrix_mul_elements (M, m == TIMES_Z1 ? z1
                                      : c->cache->p1);
  if (status)
    {
      gsl_matrix_free (M);
      return NULL;
    }
  return M;
}

/* The builders of the rows. */

static gsl_matrix *
build_softmax (const struct ctx *c, enum bp_grad_id id, const struct row *h)
{
  (void) id;
  return softmax_pred (c, h->arg);
}

/* dz2 by its rule, then masked by a ReLU on z2, as if the output layer
 * had one (a loop over the layers that masks every layer). */
static gsl_matrix *
build_output_masked (const struct ctx *c, enum bp_grad_id id,
                     const struct row *h)
{
  gsl_matrix *M = softmax_pred (c, DZ2_RIGHT);

  (void) id;
  (void) h;
  if (M && bp_relu_backward (M, c->cache->z2, M))
    {
      gsl_matrix_free (M);
      return NULL;
    }
  return M;
}

static gsl_matrix *
build_relu (const struct ctx *c, enum bp_grad_id id, const struct row *h)
{
  (void) id;
  return relu_pred (c, h->up != OP_RULE ? operand (c, h->up)
                    : given (c, BP_DP1), h->arg);
}

static gsl_matrix *
build_layer (const struct ctx *c, enum bp_grad_id id, const struct row *h)
{
  return layer_rule (c, id, operand (c, h->left), operand (c, h->up));
}

/* The layer's rule, then masked: on its own sign (h->arg 0), a ReLU mask
 * on the gradient's own sign, or on z1 (1), the ReLU's mask applied to
 * the gradient in place. */
static gsl_matrix *
build_self_masked (const struct ctx *c, enum bp_grad_id id,
                   const struct row *h)
{
  gsl_matrix *M = build_layer (c, id, h);
  if (M && bp_relu_backward (M, h->arg ? c->cache->z1 : M, M))
    {
      gsl_matrix_free (M);
      return NULL;
    }
  return M;
}

/* dp1 by its rule from the given dz2, unmasked: dz1 when the ReLU's mask
 * went to the student's dp1 instead (dz1 copied from dp1 first). */
static gsl_matrix *
build_unmasked (const struct ctx *c, enum bp_grad_id id,
                const struct row *h)
{
  (void) id;
  (void) h;
  return layer_rule (c, BP_DP1, NULL, NULL);
}

/* The layer's rule fed by an upstream computed wrongly: dz1 with the
 * row's mask, or dz2 of the row's variant carried through the rules to
 * the gradient. */
static gsl_matrix *
build_via (const struct ctx *c, enum bp_grad_id id, const struct row *h)
{
  gsl_matrix *up, *dp1, *M = NULL;

  if (h->via == G (BP_DZ1))
    up = relu_pred (c, given (c, BP_DP1), h->arg);
  else
    {
      up = softmax_pred (c, h->arg);
      if (up && (id == BP_DW1 || id == BP_DB1))
        {
          dp1 = layer_rule (c, BP_DP1, NULL, up);
          gsl_matrix_free (up);
          up = dp1 ? relu_pred (c, dp1, MASK_Z1) : NULL;
          gsl_matrix_free (dp1);
        }
    }
  if (up)
    M = layer_rule (c, id, NULL, up);
  gsl_matrix_free (up);
  return M;
}

/* The layer's rule laid out as its transpose is, row after row, in the
 * gradient's own shape: M[k] = R^T[k] flat.  R is the data term (h->arg
 * 0; the penalty, added where it belongs, is the fit's) or the whole rule
 * with its penalty (1: stored at the wrong place too). */
static gsl_matrix *
build_layout (const struct ctx *c, enum bp_grad_id id, const struct row *h)
{
  gsl_matrix *R = layer_rule (c, id, NULL, NULL), *M = NULL;
  const gsl_matrix *P = h->arg ? penalised (c, id) : NULL;

  if (R && P)
    axpy (2.0 * c->conv->penalty * c->reg, P, R);
  if (R && (M = gsl_matrix_alloc (R->size1, R->size2)) != NULL)
    for (size_t i = 0; i < R->size1; i++)
      for (size_t j = 0; j < R->size2; j++)
        M->data[j * R->size1 + i] = gsl_matrix_get (R, i, j);
  gsl_matrix_free (R);
  return M;
}

/* The layer's rule with the operand it transposes (W2 for dp1, p1 for
 * dW2, X for dW1) reshaped instead: A (r, c) read row after row into a
 * (c, r) matrix R, which the rule then uses where A' belongs.  The rule
 * is given R' (A's shape), L[i][j] = A.flat[j r + i].
 *
 * With h->arg 1, A transposed by a loop told the output's shape: out[b r
 * + a] = A.flat[a r + b] for a < c, b < r (the loop's rows and columns
 * swapped), out read as the (c, r) matrix T where A' belongs; the rule is
 * given T', L[j][i] = out[i r + j]. */
static gsl_matrix *
build_reshaped (const struct ctx *c, enum bp_grad_id id, const struct row *h)
{
  const gsl_matrix *A = id == BP_DP1 ? c->net->W2 : id == BP_DW2
    ? c->cache->p1 : c->X;
  size_t r = A->size1, n = A->size2;
  gsl_matrix *L = gsl_matrix_alloc (r, n), *M;

  if (L == NULL || (h->arg == 1 && r == n))
    {
      gsl_matrix_free (L);      /* (square: the sizes swapped are the
                                   same) */
      return NULL;
    }
  for (size_t i = 0; i < r; i++)
    for (size_t j = 0; j < n; j++)
      {
        size_t k = j * r + i;   /* A.flat[k], A's own row k / n */
        if (h->arg == 1)
          {                     /* L[i][j] = out[j r + i] = out[b r + a] */
            size_t a = k % n, b = k / n;
            k = a * r + b;
          }
        gsl_matrix_set (L, i, j, gsl_matrix_get (A, k / n, k % n));
      }
  M = layer_rule (c, id, L, NULL);
  gsl_matrix_free (L);
  return M;
}

/* dW1 = A' dz1 + 2 reg W1 with A the first D columns of the hidden
 * layer's p1 or z1 (h->arg) where X belongs, when D <= H: a line of the
 * second layer pasted into the first; NULL when D > H. */
static gsl_matrix *
build_hidden_as_input (const struct ctx *c, enum bp_grad_id id,
                       const struct row *h)
{
  const gsl_matrix *A = operand (c, (enum operand) h->arg);

  if (A->size2 < c->X->size2)
    return NULL;
  gsl_matrix_const_view in = gsl_matrix_const_submatrix (A, 0, 0, A->size1,
                                                         c->X->size2);
  return layer_rule (c, id, &in.matrix, NULL);
}

/* Is v, within tol, one of W's entries (1), zero (2), or neither (0)? */
static int
entry_of (const gsl_matrix *W, double v, double tol)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      if (fabs (gsl_matrix_get (W, i, j) - v) <= tol)
        return 1;
  return fabs (v) <= tol ? 2 : 0;
}

/* Q (C, H) with dz2 Q = the student's dp1 and each entry of Q one of
 * W2's or zero, more than half of them W2's and one at least not where
 * W2' has it (a transpose that puts W2's values in other places, or
 * overwrites some and leaves others unset; not one that only leaves
 * some out):
 * solves for Q in least squares (dz2's rows sum to zero, so each column
 * of Q is known up to a constant) and shifts each column onto W2's
 * values.  Whether one was found. */
static int
scrambled_w2 (const struct ctx *c, gsl_matrix *Q)
{
  const gsl_matrix *U = given (c, BP_DZ2), *W = c->net->W2;
  size_t N = U->size1, C = U->size2, H = W->size1, from_w = 0;
  int misplaced = 0;
  gsl_matrix *A = gsl_matrix_alloc (N, C), *V = gsl_matrix_alloc (C, C);
  gsl_vector *S = gsl_vector_alloc (C), *work = gsl_vector_alloc (C);
  gsl_vector *x = gsl_vector_alloc (C);
  double tol = 1e-7 * (gsl_matrix_max (W) - gsl_matrix_min (W) + 1e-300);
  int ok = A && V && S && work && x && N >= C
    && gsl_matrix_memcpy (A, U) == 0
    && gsl_linalg_SV_decomp (A, V, S, work) == 0;

  for (size_t k = 0; ok && k < C; k++)       /* the null space: ignored */
    if (gsl_vector_get (S, k) < 1e-10 * gsl_vector_get (S, 0))
      gsl_vector_set (S, k, 0.0);
  for (size_t j = 0; ok && j < H; j++)
    {
      gsl_vector_const_view b = gsl_matrix_const_column (c->user->dp1, j);
      int found = 0;
      ok = gsl_linalg_SV_solve (A, V, S, &b.vector, x) == 0;
      for (size_t w = 0; ok && !found && w <= H * C; w++)
        {                       /* Q[0][j] is W2's entry w, or 0: the shift */
          double shift = (w < H * C ? gsl_matrix_get (W, w / C, w % C) : 0.0)
            - gsl_vector_get (x, 0);
          size_t k = 0, same = 0;
          found = 1;
          for (size_t a = 0; found && a < C; a++)
            {
              int e = entry_of (W, gsl_vector_get (x, a) + shift, tol);
              found = e != 0;
              k += e == 1;
              same += fabs (gsl_vector_get (x, a) - gsl_vector_get (x, 0))
                <= tol;
            }
          if (w < H * C && same == C)
            found = 0;          /* a constant column: dz2's null space, no
                                   sign of W2 (dp1's column is zero) */
          for (size_t a = 0; found && a < C; a++)
            {
              double q = gsl_vector_get (x, a) + shift;
              gsl_matrix_set (Q, a, j, q);
              misplaced |= fabs (q) > tol
                && fabs (q - gsl_matrix_get (W, j, a)) > tol;
            }
          from_w += found ? k : 0;
        }
      ok = ok && found;
    }
  gsl_matrix_free (A);
  gsl_matrix_free (V);
  gsl_vector_free (S);
  gsl_vector_free (work);
  gsl_vector_free (x);
  return ok && misplaced && 2 * from_w > H * C;
}

/* dp1 = dz2 Q with Q W2's entries in other places than W2' has them
 * (scrambled_w2); NULL when there is no such Q. */
static gsl_matrix *
build_scrambled (const struct ctx *c, enum bp_grad_id id,
                 const struct row *h)
{
  const gsl_matrix *U = given (c, BP_DZ2);
  gsl_matrix *Q = gsl_matrix_alloc (U->size2, c->net->H);
  gsl_matrix *M = gsl_matrix_alloc (U->size1, c->net->H);

  (void) id;
  (void) h;
  if (Q == NULL || M == NULL || !scrambled_w2 (c, Q)
      || gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, U, Q, 0.0, M))
    {
      gsl_matrix_free (Q);
      gsl_matrix_free (M);
      return NULL;
    }
  gsl_matrix_free (Q);
  return M;
}

/* The checked weight gradient itself when it is the layer's data term
 * plus a penalty whose entries are all the weights' (times the penalty's
 * factor), but one at least not its own weight's: the penalty read from
 * the wrong places.  NULL when it is not. */
static int
by_value (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Is v within tol of one of the n sorted values? */
static int
among (const double *sorted, size_t n, double v, double tol)
{
  size_t lo = 0, hi = n;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (sorted[mid] < v - tol)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < n && fabs (sorted[lo] - v) <= tol;
}

static gsl_matrix *
build_reg_scrambled (const struct ctx *c, enum bp_grad_id id,
                     const struct row *h)
{
  const gsl_matrix *W = penalised (c, id);
  gsl_matrix_view a = bp_grads_matrix ((bp_grads *) c->user, id);
  gsl_matrix *M = W ? layer_rule (c, id, NULL, NULL) : NULL;
  size_t n = W ? W->size1 * W->size2 : 0, k = 0;
  double *w = n ? malloc (n * sizeof *w) : NULL;
  double f = 2.0 * c->conv->penalty * c->reg;
  double tol = W ? 1e-7 * (gsl_matrix_max (W) - gsl_matrix_min (W) + 1e-300)
    : 0.0;
  int ok = M != NULL && w != NULL && f != 0.0, misplaced = 0;

  (void) h;
  for (size_t i = 0; ok && i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      w[k++] = gsl_matrix_get (W, i, j);
  if (ok)
    qsort (w, n, sizeof *w, by_value);
  for (size_t i = 0; ok && i < M->size1; i++)
    for (size_t j = 0; ok && j < M->size2; j++)
      {
        double q = (gsl_matrix_get (&a.matrix, i, j) - gsl_matrix_get (M, i, j))
          / f;
        ok = among (w, n, q, tol) && fabs (q) > tol;
        misplaced |= fabs (q - gsl_matrix_get (W, i, j)) > tol;
      }
  free (w);
  if (!ok || !misplaced)
    {
      gsl_matrix_free (M);
      return NULL;
    }
  gsl_matrix_memcpy (M, &a.matrix);
  return M;
}

/* The layer's rule, plus a penalty k reg W^2, the same k at every entry
 * (k = 1: reg * pow (w, 2) where 2 * reg * w belongs): the student's
 * own gradient when it is so, else NULL. */
static gsl_matrix *
build_reg_squared (const struct ctx *c, enum bp_grad_id id,
                   const struct row *h)
{
  const gsl_matrix *W = penalised (c, id);
  gsl_matrix_view a = bp_grads_matrix ((bp_grads *) c->user, id);
  gsl_matrix *M = W && c->reg != 0.0 ? layer_rule (c, id, NULL, NULL) : NULL;
  double k = 0.0, wmax = W ? gsl_matrix_max (W) - gsl_matrix_min (W) : 0.0;
  int ok = M != NULL && wmax > 0.0, seen = 0;

  (void) h;
  for (size_t i = 0; ok && i < M->size1; i++)
    for (size_t j = 0; ok && j < M->size2; j++)
      {
        double w = gsl_matrix_get (W, i, j), q;
        if (fabs (w) < 1e-3 * wmax)
          continue;             /* (too small to tell k by) */
        q = (gsl_matrix_get (&a.matrix, i, j) - gsl_matrix_get (M, i, j))
          / (c->reg * w * w);
        if (!seen)
          k = q, seen = 1;
        ok = fabs (q - k) <= 1e-6 * (fabs (k) + 1.0);
      }
  if (!ok || !seen || fabs (k) < 1e-6)
    {
      gsl_matrix_free (M);
      return NULL;
    }
  gsl_matrix_memcpy (M, &a.matrix);
  return M;
}

/* The layer's rule, each entry plus the entries before it: in its row
 * (h->arg 1), in its column (0), in the whole matrix row after row (2) or
 * column after column (3).  An accumulator set to zero once per row, per
 * column or once for all, instead of once per entry. */
static gsl_matrix *
build_running (const struct ctx *c, enum bp_grad_id id, const struct row *h)
{
  gsl_matrix *M = layer_rule (c, id, NULL, NULL);
  size_t nr = M ? M->size1 : 0, nc = M ? M->size2 : 0;
  double *prev = NULL;

  for (size_t t = 0; t < nr * nc; t++)
    {
      /* the t-th entry in the order of the sum */
      size_t i = h->arg == 3 || h->arg == 0 ? t % nr : t / nc;
      size_t j = h->arg == 3 || h->arg == 0 ? t / nr : t % nc;
      double *e = gsl_matrix_ptr (M, i, j);
      int restart = (h->arg == 1 && j == 0) || (h->arg == 0 && i == 0);
      if (prev && !restart)
        *e += *prev;
      prev = e;
    }
  return M;
}

/* dp1 = dz2 W2' summed over the classes but the first (h->arg 0) or the
 * last (1): dz2's column left out. */
static gsl_matrix *
build_classes (const struct ctx *c, enum bp_grad_id id, const struct row *h)
{
  const gsl_matrix *up = given (c, BP_DZ2);
  gsl_matrix *cut = gsl_matrix_alloc (up->size1, up->size2), *M = NULL;

  if (cut)
    {
      gsl_vector_view col = gsl_matrix_column (cut, h->arg ? up->size2 - 1
                                               : 0);
      gsl_matrix_memcpy (cut, up);
      gsl_vector_set_zero (&col.vector);
      M = layer_rule (c, id, NULL, cut);
    }
  gsl_matrix_free (cut);
  return M;
}

/* The layer's rule summed over the first K samples only (with h->arg,
 * over all but the first K; with h->arg 2, over the last sample only),
 * for the K < N whose prediction, with the convention's penalty, is
 * nearest the checked values; NULL when there is no such K. */
static gsl_matrix *
build_samples (const struct ctx *c, enum bp_grad_id id, const struct row *h)
{
  int one = id == BP_DW1 || id == BP_DB1;
  const gsl_matrix *up = given (c, one ? BP_DZ1 : BP_DZ2);
  const gsl_matrix *P = penalised (c, id);
  gsl_matrix_view a = bp_grads_matrix ((bp_grads *) c->user, id);
  gsl_matrix *cut = gsl_matrix_alloc (up->size1, up->size2), *best = NULL;
  double best_d = GSL_POSINF;

  for (size_t K = h->arg == 2 ? up->size1 - 1 : 1; cut && K < up->size1;
       K++)
    {
      gsl_matrix *M;
      double d = 0.0;
      gsl_matrix_memcpy (cut, up);
      for (size_t n = h->arg ? 0 : K; n < (h->arg ? K : cut->size1); n++)
        {
          gsl_vector_view row = gsl_matrix_row (cut, n);
          gsl_vector_set_zero (&row.vector);
        }
      if ((M = layer_rule (c, id, NULL, cut)) == NULL)
        break;
      for (size_t i = 0; i < M->size1 * M->size2; i++)
        {
          double r = a.matrix.data[i] - M->data[i] - (P ? 2.0
                     * c->conv->penalty * c->reg * P->data[i] : 0.0);
          d += r * r;
        }
      if (d < best_d)
        {
          gsl_matrix_free (best);
          best = M;
          best_d = d;
        }
      else
        gsl_matrix_free (M);
    }
  gsl_matrix_free (cut);
  return best;
}

/* The layer's rule with the first sample's row of its upstream counted
 * twice (a sum started from row 0 whose loop starts at 0 too). */
static gsl_matrix *
build_first_twice (const struct ctx *c, enum bp_grad_id id,
                   const struct row *h)
{
  const gsl_matrix *U = given (c, id == BP_DW1 || id == BP_DB1 ? BP_DZ1
                                : BP_DZ2);
  gsl_matrix *up = gsl_matrix_alloc (U->size1, U->size2), *M;

  (void) h;
  if (up == NULL)
    return NULL;
  gsl_matrix_memcpy (up, U);
  gsl_vector_view row = gsl_matrix_row (up, 0);
  gsl_vector_scale (&row.vector, 2.0);
  M = layer_rule (c, id, NULL, up);
  gsl_matrix_free (up);
  return M;
}

/* BLAS on matrices as flat vectors: all are contiguous here. */

#define FLAT(A) gsl_vector_const_view_array ((A)->data, \
                                             (A)->size1 * (A)->size2)

static double
dot (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_vector_const_view a = FLAT (A), b = FLAT (B);
  double s;
  gsl_blas_ddot (&a.vector, &b.vector, &s);
  return s;
}

/* Y += alpha X */
static void
axpy (double alpha, const gsl_matrix *X, gsl_matrix *Y)
{
  gsl_vector_const_view x = FLAT (X);
  gsl_vector_view y = gsl_vector_view_array (Y->data, Y->size1 * Y->size2);
  gsl_blas_daxpy (alpha, &x.vector, &y.vector);
}

static double
maxabs (const gsl_matrix *A)
{
  gsl_vector_const_view a = FLAT (A);
  return fabs (gsl_vector_get (&a.vector, gsl_blas_idamax (&a.vector)));
}

static int
near (double x, double want, double tol)
{
  return fabs (x - want) <= tol * fmax (1.0, fabs (want));
}

/* The factor x of r = x v: by least squares, or (wrong not NULL) the
 * median of r_i / v_i over the wrong entries, which follows the entries
 * that the prediction explains when they are at least half.  NaN when
 * nothing determines it. */
static double
factor (const gsl_matrix *r, const gsl_matrix *v, const unsigned char *wrong,
        double tiny)
{
  size_t n = r->size1 * r->size2, k = 0;
  double *q, x = GSL_NAN, vv = dot (v, v);

  if (wrong == NULL)
    return vv > 0.0 ? dot (r, v) / vv : GSL_NAN;
  if ((q = malloc (n * sizeof *q)) == NULL)
    return GSL_NAN;
  for (size_t i = 0; i < n; i++)
    if (wrong[i] && fabs (v->data[i]) > tiny)
      q[k++] = r->data[i] / v->data[i];
  if (k > 0)
    {
      gsl_sort (q, 1, k);
      x = gsl_stats_median_from_sorted_data (q, 1, k);
    }
  free (q);
  return x;
}

/* Both factors of a = K B + F reg P by least squares; 0 when B and P are
 * too nearly parallel to tell apart. */
static int
fit_both (const struct ctx *c, const gsl_matrix *a, const gsl_matrix *B,
          const gsl_matrix *P, struct cand *k)
{
  double bb = dot (B, B), ab = dot (a, B), pp = dot (P, P);
  double bp = dot (B, P), ap = dot (a, P), det = bb * pp - bp * bp;

  if (!(pp > 0.0 && det > c->singular * bb * pp))
    return 0;
  k->K = (ab * pp - ap * bp) / det;
  k->F = (ap * bb - ab * bp) / det / c->reg;
  return 1;
}

/* Fit the prediction B (+ F reg P) to the root's values at a level of
 * freedom: bit 1 fits K (else K = 1), bit 2 fits F (else F0); with wrong
 * given, one factor is fitted robustly (see factor).  0 when the level
 * does not apply or nothing determines the factors. */
static int
fit (const struct ctx *c, const struct root *rt, const gsl_matrix *B,
     const gsl_matrix *P, int level, const unsigned char *wrong,
     struct cand *k)
{
  gsl_matrix *r;
  double tiny = c->atol * maxabs (B);

  k->K = 1.0;
  k->F = rt->F0;
  k->pen = P != NULL;
  if (level == 0)
    return 1;
  if ((level & 2) && P == NULL)
    return 0;
  if (level == 3)
    return fit_both (c, rt->a, B, P, k);
  if ((r = gsl_matrix_alloc (B->size1, B->size2)) == NULL)
    return 0;
  gsl_matrix_memcpy (r, rt->a);
  if (level == 1)               /* a - F0 reg P = K B */
    {
      if (P)
        axpy (-rt->F0 * c->reg, P, r);
      k->K = factor (r, B, wrong, tiny);
    }
  else                          /* a - B = F reg P */
    {
      gsl_matrix_sub (r, B);
      k->F = factor (r, P, wrong, c->atol * maxabs (P)) / c->reg;
    }
  gsl_matrix_free (r);
  if (fabs (k->K) < c->singular)
    k->K = 0.0;
  return isfinite (k->K) && isfinite (k->F);
}

/* K B + F reg P (P may be NULL), or NULL when out of memory. */
static gsl_matrix *
predict (const struct ctx *c, const gsl_matrix *B, const gsl_matrix *P,
         const struct cand *k)
{
  gsl_matrix *M = gsl_matrix_alloc (B->size1, B->size2);
  if (M == NULL)
    return NULL;
  gsl_matrix_memcpy (M, B);
  gsl_matrix_scale (M, k->K);
  if (P)
    axpy (k->F * c->reg, P, M);
  return M;
}

/* Does prediction p reproduce a entrywise, within the fit tolerances? */
static int
fits_all (const struct ctx *c, const gsl_matrix *a, const gsl_matrix *p)
{
  size_t n = a->size1 * a->size2;
  double scale = fmax (maxabs (a), maxabs (p));

  for (size_t i = 0; i < n; i++)
    {
      double d = fabs (a->data[i] - p->data[i]);
      if (!isfinite (a->data[i])
          || d > c->rtol * (fabs (a->data[i]) + fabs (p->data[i]))
          + c->atol * scale)
        return 0;
    }
  return 1;
}

/* Apply the fix of prediction p to the root's values, a - p + right, and
 * judge the result as the check judged a: which wrong entries it makes
 * agree, which right ones it breaks, whether it agrees everywhere. */
static int
verify (const bp_gradcheck *r, const struct root *rt, const gsl_matrix *p,
        struct cand *k)
{
  size_t n = rt->a->size1 * rt->a->size2, left = 0;
  gsl_matrix *fixed = gsl_matrix_alloc (rt->a->size1, rt->a->size2);
  unsigned char *bad = malloc (n);
  int status = fixed && bad ? 0 : GSL_ENOMEM;

  if (status == 0)
    {
      gsl_matrix_memcpy (fixed, rt->a);
      gsl_matrix_sub (fixed, p);
      gsl_matrix_add (fixed, rt->right);
      status = bp_gradcheck_judge (r, rt->g, fixed, bad, &left);
    }
  k->explained = k->spoiled = 0;
  for (size_t i = 0; status == 0 && i < n; i++)
    {
      k->explained += rt->wrong[i] && !bad[i];
      k->spoiled += !rt->wrong[i] && bad[i];
    }
  k->exact = status == 0 && left == 0;
  gsl_matrix_free (fixed);
  free (bad);
  return status;
}

/* With no more entries than free factors any fit succeeds: believe it
 * only for the factors that mistakes produce. */
static int
plausible (const struct ctx *c, const struct root *rt, const struct cand *k,
           int level)
{
  double N = (double) c->N, K = k->K, F = k->F, tol = c->rtol;
  int nfree = (level & 1) + ((level & 2) != 0);

  if (rt->a->size1 * rt->a->size2 > (size_t) nfree)
    return 1;
  if ((level & 1) && !(near (K, N, tol) || near (K, 1.0 / N, tol)
                       || near (K, 2.0, tol) || near (K, 0.5, tol)
                       || near (K, -1.0, tol) || near (K, 0.0, tol)))
    return 0;
  return !(level & 2) || near (F, 0.0, tol) || near (F, 1.0, tol)
    || near (F, 2.0, tol);
}

/* Is the candidate the correct rule itself? */
static int
is_rule (const struct ctx *c, const struct root *rt, const struct cand *k)
{
  return k->h->code[0] == '\0' && near (k->K, 1.0, c->rtol)
    && (!k->pen || near (k->F, rt->F0, c->rtol));
}

/* Try row h with data term B at one level: fit it (robustly when it does
 * not fit every entry), verify its fix.  0 or a GSL error code; k->h is
 * NULL when the row gives no candidate. */
static int
try_row (const struct ctx *c, const bp_gradcheck *r, const struct root *rt,
         const struct row *h, const gsl_matrix *B, int level, struct cand *k)
{
  const gsl_matrix *P = h->whole ? NULL : rt->P;
  gsl_matrix *p = NULL;
  int status = 0;

  k->h = h;
  if (!fit (c, rt, B, P, level, NULL, k)
      || (p = predict (c, B, P, k)) == NULL)
    k->h = NULL;
  else if (!fits_all (c, rt->a, p) && (level == 1 || level == 2))
    {
      gsl_matrix_free (p);
      p = NULL;
      if (!fit (c, rt, B, P, level, rt->wrong, k)
          || (p = predict (c, B, P, k)) == NULL)
        k->h = NULL;
    }
  if (k->h && (is_rule (c, rt, k) || !plausible (c, rt, k, level)))
    k->h = NULL;
  if (k->h)
    status = verify (r, rt, p, k);
  gsl_matrix_free (p);
  return status;
}

/* Try every row at every level, the fewest fitted factors first.  The
 * first whose fix makes every entry agree is the cause (best->exact);
 * else best is the row whose fix makes the most wrong entries agree, net
 * of the right ones it breaks: at least half of the wrong ones and more
 * than it breaks (else best->h is NULL). */
static int
search (const struct ctx *c, const bp_gradcheck *r, const struct root *rt,
        const struct row *const *hs, gsl_matrix *const *Bs, size_t nh,
        struct cand *best)
{
  best->h = NULL;
  for (int level = 0; level < 4; level++)
    for (size_t i = 0; i < nh; i++)
      {
        struct cand k;
        int status;
        if (Bs[i] == NULL)
          continue;
        if ((status = try_row (c, r, rt, hs[i], Bs[i], level, &k)))
          return status;
        if (k.h && k.exact)
          {
            *best = k;
            return 0;
          }
        if (k.h && 2 * k.explained >= rt->m && k.explained > k.spoiled
            && (best->h == NULL || k.explained - k.spoiled
                > best->explained - best->spoiled))
          *best = k;
      }
  return 0;
}

static void put (struct text *t, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

static void
put (struct text *t, const char *fmt, ...)
{
  va_list ap;
  int n;

  if (t->len + 1 >= t->size)
    return;
  va_start (ap, fmt);
  n = vsnprintf (t->s + t->len, t->size - t->len, fmt, ap);
  va_end (ap);
  if (n > 0)
    t->len = t->len + (size_t) n < t->size ? t->len + (size_t) n
      : t->size - 1;
}

/* A factor K on a gradient (or its data term) in words. */
static void
scale_words (const struct ctx *c, double K, struct text *t)
{
  double N = (double) c->N, tol = c->rtol;

  if (near (K, N, tol))
    put (t, "N = %zu times too large%s", c->N,
         c->conv->sum ? "" : " (the 1/N is missing)");
  else if (near (K, 1.0 / N, tol))
    put (t, c->conv->sum ? "divided by N = %zu, but the loss is a sum over "
         "the samples, not a mean" : "divided by N = %zu once too often",
         c->N);
  else if (near (K, 2.0, tol))
    put (t, "twice what it should be");
  else if (near (K, 0.5, tol))
    put (t, "half what it should be");
  else if (near (K, 0.0, tol))
    put (t, "missing (factor 0)");
  else
    put (t, "%.6g times what it should be", K);
}

/* A factor F on the penalty term in words: what it is, and what it is
 * likely to come from. */
static void
reg_words (const struct ctx *c, const struct root *rt, double F,
           struct text *t)
{
  const char *p = rt->g->id == BP_DW1 || rt->g->id == BP_DW2 ? "W" : "b";
  const char *pname = bp_grad_name (rt->g->id) + 1;
  double F0 = rt->F0, q = F / F0, N = (double) c->N, tol = c->rtol;
  int half = c->conv->penalty == 0.5;
  char pen[32];

  snprintf (pen, sizeof pen, F0 == 2.0 ? "2 reg" : F0 == 1.0 ? "reg"
            : "%g reg", F0);
  if (F0 == 0.0)
    {
      put (t, "has a regularization term %.6g reg %s that the loss does not "
           "have: it penalises the weights only (if yours penalises the "
           "biases too, say so with --convention reg+bias)", F, pname);
      return;
    }
  if (near (F, 0.0, tol))
    {
      put (t, "lacks the regularization gradient %s %s%s", pen, pname,
           *p == 'b' ? ": the loss penalises the biases too" : "");
      return;
    }
  put (t, "has the regularization term with factor %.6g instead of %g (the "
       "derivative of %sreg |%s|^2 is %s %s)", F, F0, half ? "1/2 " : "", p,
       pen, p);
  if (near (q, 0.5, tol) && !half)
    put (t, ": a factor %g is the gradient of 1/2 reg |%s|^2, the "
         "convention with the 1/2", F, p);
  else if (near (q, 2.0, tol) && half)
    put (t, ": a factor %g is the gradient of reg |%s|^2, without the 1/2",
         F, p);
  else if (near (q, 1.0 / N, tol))
    put (t, ": %.6g = %g/N, the penalty's gradient divided by N = %zu as if "
         "the penalty sat inside the mean over the samples", F, F0, c->N);
  else if (near (q, N, tol))
    put (t, ": %.6g = %g N, the penalty's gradient once for each of the N "
         "= %zu samples", F, F0, c->N);
  else if (near (q, -1.0, tol))
    put (t, ": the penalty's gradient with the wrong sign");
  else if (near (q, 2.0, tol) || near (q, 0.5, tol))
    put (t, ": %s the penalty's gradient", q > 1.0 ? "twice" : "half");
}

/* The factors of the candidate that differ from the rule's, as codes
 * and sentences; parts counts the findings so far. */
static void
factor_words (const struct ctx *c, const struct root *rt,
              const struct cand *k, struct text *code, struct text *say,
              int *parts)
{
  const char *name = bp_grad_name (rt->g->id);

  if (!near (k->K, 1.0, c->rtol))
    {
      int sign = near (k->K, -1.0, c->rtol);
      put (code, "%s", code->len ? "+" : "");
      if (sign)
        put (code, "sign");
      else
        put (code, "scale:%.6g", k->K);
      /* a bias the loss does not penalise has no data term to single
       * out unless a penalty was found on it */
      int term = k->pen && !(rt->F0 == 0.0 && near (k->F, 0.0, c->rtol));
      put (say, "%s%s %s", *parts ? "Also " : "", name, sign
           ? "has the wrong sign" : term ? "has its data term " : "is ");
      if (!sign)
        scale_words (c, k->K, say);
      put (say, ". ");
      ++*parts;
    }
  if (k->pen && !near (k->F, rt->F0, c->rtol))
    {
      put (code, "%s", code->len ? "+" : "");
      if (rt->F0 == 0.0)
        put (code, "reg-bias");
      else if (near (k->F, 0.0, c->rtol))
        put (code, "reg-missing");
      else
        put (code, "reg-factor:%.6g", k->F);
      put (say, "%s%s ", *parts ? "Also " : "", name);
      reg_words (c, rt, k->F, say);
      put (say, ". ");
      ++*parts;
    }
}

/* Write the candidate into the root's cause and because: the row's code
 * and sentence, the factors that differ from the rule's, what its fix
 * does, the rule. */
static void
name_cause (const struct ctx *c, const struct root *rt, const struct cand *k)
{
  bp_gradcheck_grad *g = rt->g;
  const char *name = bp_grad_name (g->id), *v = NULL;
  struct text code = { g->cause, sizeof g->cause, 0 };
  struct text say = { g->because, sizeof g->because, 0 };
  int parts = 1;
  char rule[96];

  g->cause[0] = g->because[0] = '\0';
  if (k->h == NULL)
    {
      put (&code, "zero");
      put (&say, "%s is zero everywhere. ", name);
    }
  else if (k->h->code[0])
    {
      if (k->h->via)
        v = bp_grad_name (k->h->via == G (BP_DZ1) ? BP_DZ1 : BP_DZ2);
      put (&code, "%s", k->h->code);
      if (v)
        put (&say, "%s fits a %s computed wrongly (%s was not supplied): ",
             name, v, v);
      put (&say, "%s %s ", v ? v : name, c->conv->sum && k->h->says_sum
           ? k->h->says_sum : k->h->says);
    }
  else
    parts = 0;
  if (k->h)
    factor_words (c, rt, k, &code, &say, &parts);
  if (k->exact)
    put (&say, "Fixing %s makes %s agree. ", parts > 1 ? "these" : "this",
         name);
  else
    put (&say, "This explains %zu of the %zu wrong entries", k->explained,
         rt->m);
  if (!k->exact && k->spoiled)
    put (&say, "; its fix spoils %zu that agree", k->spoiled);
  put (&say, "%sThe rule: %s.", k->exact ? "" : ". ",
       bp_convention_rule (c->conv, g->id, rule, sizeof rule));
}

/* The wrong entries, when few or all in one row or column: "entries". */
static int
explain_entries (const struct ctx *c, const struct root *rt)
{
  bp_gradcheck_grad *g = rt->g;
  size_t n = g->rows * g->cols, nbad = 0, row = 0, col = 0;
  int one_row = 1, one_col = 1;
  char list[160], rule[96];
  struct text l = { list, sizeof list, 0 }, say = { g->because,
                                                    sizeof g->because, 0 };

  list[0] = '\0';
  for (size_t i = 0; i < n; i++)
    if (rt->wrong[i])
      {
        if (nbad == 0)
          {
            row = i / g->cols;
            col = i % g->cols;
          }
        one_row &= i / g->cols == row;
        one_col &= i % g->cols == col;
        if (nbad < 5)
          put (&l, "%s%zu,%zu", nbad ? " " : "", i / g->cols, i % g->cols);
        nbad++;
      }
  one_row = one_row && g->rows > 1;
  one_col = one_col && g->cols > 1 && !one_row;
  if (nbad == 0 || nbad == n || !(nbad <= 5 || one_row || one_col))
    return 0;
  snprintf (g->cause, sizeof g->cause, "entries");
  g->because[0] = '\0';
  put (&say, "%s is wrong in only %zu of its %zu entries%s (%s%s); the rest "
       "agree: look for an indexing or loop-bound mistake. The rule: %s.",
       bp_grad_name (g->id), nbad, n, one_row ? ", all in one row"
       : one_col ? ", all in one column" : "", list, nbad > 5 ? " ..." : "",
       bp_convention_rule (c->conv, g->id, rule, sizeof rule));
  return 1;
}

/* The parameter penalised in gradient id's rule, as a matrix: W1, W2; b1,
 * b2 when the convention penalises the biases; NULL when none is (or reg
 * is 0). */
static const gsl_matrix *
penalised (const struct ctx *c, enum bp_grad_id id)
{
  if (c->reg == 0.0)
    return NULL;
  switch (id)
    {
    case BP_DW1: return c->net->W1;
    case BP_DW2: return c->net->W2;
    case BP_DB1: return c->conv->biases ? c->b1 : NULL;
    case BP_DB2: return c->conv->biases ? c->b2 : NULL;
    default: return NULL;
    }
}

/* The rows that apply to gradient id, into hs, and their data terms
 * (whole rows with the penalty in them; NULL when out of memory), into
 * Bs.  Returns their number; *rule is the index of the correct rule's
 * row. */
static size_t
hypotheses (const struct ctx *c, enum bp_grad_id id,
            const struct row **hs, gsl_matrix **Bs, size_t *rule)
{
  const gsl_matrix *P = penalised (c, id);
  size_t nh = 0;

  *rule = 0;
  for (size_t i = 0; i < NROWS; i++)
    {
      const struct row *h = &rows[i];
      if (!(h->grads & G (id)) || (h->needs & ~c->user->present)
          || (h->via & c->user->present) || (h->whole && P == NULL))
        continue;
      if (h->code[0] == '\0' && !h->whole)
        *rule = nh;
      hs[nh] = h;
      Bs[nh] = h->build (c, id, h);
      if (h->whole == 1 && Bs[nh])
        axpy (2.0 * c->conv->penalty * c->reg, P, Bs[nh]);
      nh++;
    }
  return nh;
}

static void
root_free (struct root *rt)
{
  gsl_matrix_free (rt->right);
  free (rt->wrong);
}

/* Set up root gradient g: its penalty, the correct rule's values (from
 * B0, the rule's data term) and the entries the check found wrong. */
static int
root_init (const struct ctx *c, const bp_gradcheck *r, bp_gradcheck_grad *g,
           const gsl_matrix *B0, struct root *rt)
{
  rt->g = g;
  rt->a = g->analytic;
  rt->P = penalised (c, g->id);
  rt->F0 = 2.0 * c->conv->penalty;
  if (rt->P == NULL && c->reg != 0.0 && (g->id == BP_DB1 || g->id == BP_DB2))
    {
      /* a bias the loss does not penalise: a penalty on it is a mistake */
      rt->P = g->id == BP_DB1 ? c->b1 : c->b2;
      rt->F0 = 0.0;
    }
  rt->right = gsl_matrix_alloc (g->rows, g->cols);
  rt->wrong = malloc (g->rows * g->cols);
  if (B0 == NULL || rt->right == NULL || rt->wrong == NULL)
    return GSL_ENOMEM;
  gsl_matrix_memcpy (rt->right, B0);
  if (rt->P)
    axpy (rt->F0 * c->reg, rt->P, rt->right);
  return bp_gradcheck_judge (r, g, rt->a, rt->wrong, &rt->m);
}

/* Is the root's gradient zero where the correct one is not?  Then *zero
 * is 1 and k the candidate whose prediction is 0, verified. */
static int
try_zero (const struct ctx *c, const bp_gradcheck *r, const struct root *rt,
          struct cand *k, int *zero)
{
  gsl_matrix_view ref = bp_grads_matrix (c->ref, rt->g->id);
  gsl_matrix *p;
  int status;

  k->h = NULL;
  k->K = 0.0;
  k->pen = 0;
  *zero = maxabs (rt->a) <= c->atol * maxabs (&ref.matrix);
  if (!*zero)
    return 0;
  if ((p = gsl_matrix_calloc (rt->a->size1, rt->a->size2)) == NULL)
    return GSL_ENOMEM;
  status = verify (r, rt, p, k);
  gsl_matrix_free (p);
  return status;
}

/* Explain root gradient g: zero, the first row whose fix makes it agree,
 * a few wrong entries, the row whose fix explains most of them, or
 * unknown. */
static int
explain (const struct ctx *c, const bp_gradcheck *r, bp_gradcheck_grad *g)
{
  const struct row *hs[NROWS];
  gsl_matrix *Bs[NROWS];
  struct root rt = { NULL, NULL, NULL, 0.0, NULL, NULL, 0 };
  struct cand best = { NULL, 0.0, 0.0, 0, 0, 0, 0 };
  size_t rule, nh = hypotheses (c, g->id, hs, Bs, &rule);
  int status = nh ? root_init (c, r, g, Bs[rule], &rt) : GSL_EFAILED;
  int zero = 0;
  char rtext[96];

  if (status == 0)
    status = try_zero (c, r, &rt, &best, &zero);
  if (status == 0 && !zero)
    status = search (c, r, &rt, hs, Bs, nh, &best);
  if (status == 0 && (zero || best.exact))
    name_cause (c, &rt, &best);
  else if (status == 0 && explain_entries (c, &rt))
    best.explained = best.exact = 0;
  else if (status == 0 && best.h)
    name_cause (c, &rt, &best);
  else if (status == 0)
    {
      best.explained = best.exact = 0;
      snprintf (g->cause, sizeof g->cause, "unknown");
      snprintf (g->because, sizeof g->because, "%s matches none of the "
                "known mistakes; compare its worst entries with the "
                "numerical ones below. The rule: %s.", bp_grad_name (g->id),
                bp_convention_rule (c->conv, g->id, rtext, sizeof rtext));
    }
  g->explained = best.explained;
  g->exact = best.exact;
  for (size_t i = 0; i < nh; i++)
    gsl_matrix_free (Bs[i]);
  root_free (&rt);
  return status;
}

int
bp_causes_explain (bp_gradcheck *r, const bp_net *net, const gsl_matrix *X,
                   const size_t *y, double reg, const bp_cache *cache,
                   const bp_grads *user)
{
  const bp_tolerance *tol = bp_gradcheck_tolerance (&r->opts);
  gsl_matrix_const_view b1 = gsl_matrix_const_view_vector (net->b1, 1,
                                                           net->H);
  gsl_matrix_const_view b2 = gsl_matrix_const_view_vector (net->b2, 1,
                                                           net->C);
  struct ctx c;
  int status;

  c.net = net;
  c.X = X;
  c.y = y;
  c.reg = reg;
  c.cache = cache;
  c.user = user;
  c.conv = &r->opts.conv;
  c.rtol = fmax (r->opts.rtol, tol->fit_rtol);
  c.atol = tol->fit_atol;
  c.singular = tol->singular;
  c.N = r->N;
  c.b1 = &b1.matrix;
  c.b2 = &b2.matrix;
  if ((c.ref = bp_grads_alloc (r->N, net->D, net->H, net->C)) == NULL)
    return GSL_ENOMEM;
  status = bp_convention_backward (c.conv, net, X, y, reg, cache, c.ref);
  for (int id = 0; id < BP_NGRADS && status == 0; id++)
    if (r->g[id].status == BP_STATUS_ROOT)
      status = explain (&c, r, &r->g[id]);
  bp_grads_free (c.ref);
  return status;
}

bp_gradcheck *
bp_gradcheck_diagnose (const bp_net *net, const gsl_matrix *X,
                       const size_t *y, double reg, const bp_grads *user,
                       const bp_gradcheck_opts *opts)
{
  bp_gradcheck *r = bp_gradcheck_run (net, X, y, reg, user, opts);
  bp_cache *cache = r ? bp_cache_alloc (X->size1, net->H, net->C) : NULL;
  int status = cache ? bp_net_forward (net, X, cache) : GSL_ENOMEM;

  if (r && status == 0)
    status = bp_causes_explain (r, net, X, y, reg, cache, user);
  bp_cache_free (cache);
  if (r && status)
    {
      bp_gradcheck_free (r);
      GSL_ERROR_NULL ("gradcheck: cannot explain the causes", status);
    }
  return r;
}

bp_gradcheck *
bp_gradcheck_backward (const bp_net *net, const gsl_matrix *X,
                       const size_t *y, double reg, bp_backward_fn *backward,
                       const bp_gradcheck_opts *opts)
{
  size_t N = X->size1;
  bp_cache *cache = bp_cache_alloc (N, net->H, net->C);
  bp_grads *g = bp_grads_alloc (N, net->D, net->H, net->C);
  bp_gradcheck *r = NULL;

  if (cache && g && bp_net_forward (net, X, cache) == 0
      && backward (net, X, y, reg, cache, g) == 0)
    r = bp_gradcheck_diagnose (net, X, y, reg, g, opts);
  bp_grads_free (g);
  bp_cache_free (cache);
  return r;
}
