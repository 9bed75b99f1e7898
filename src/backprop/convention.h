/* convention.h -- which loss a student's code differentiates.
 *
 * The library's loss (DESIGN.md) is
 *
 *   loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * Students' code legitimately uses others, each correct when its
 * gradients follow it:
 *
 *   penalty 1/2   (1/2) reg (|W1|^2 + |W2|^2), gradient reg W  (CS231n 2016)
 *   biases        the biases in the penalty too: reg (|W|^2 + |b|^2)
 *   sum           the data loss summed over samples, not averaged
 *
 * A convention is one choice of each.  The check differentiates the loss
 * of the convention it is given, so that correct code in any of them is
 * correct; a student's loss value tells which one they use
 * (bp_convention_infer). */

#ifndef BP_CONVENTION_H
#define BP_CONVENTION_H

#include <stddef.h>

#include "net.h"
#include "grads.h"

typedef struct bp_convention {
  double penalty;               /* a: the penalty is a reg (...): 1 or 0.5 */
  int biases;                   /* the biases are penalised too */
  int sum;                      /* the data loss is a sum, not a mean */
} bp_convention;

/* The library's own: penalty 1, weights only, mean. */
void bp_convention_init (bp_convention *c);

/* The i-th of the BP_CONVENTIONS conventions (i in 0..7), most usual
 * first: the library's own (0), then with the biases, then the penalty
 * 1/2, each of them then with the data loss summed. */
#define BP_CONVENTIONS 8
void bp_convention_nth (int i, bp_convention *c);

/* Its name: "reg", "half", "reg+bias", "half+bias", each with "sum-" in
 * front when the data loss is a sum ("sum-half+bias").  buf holds at
 * least BP_CONVENTION_NAME_MAX bytes. */
#define BP_CONVENTION_NAME_MAX 24
const char *bp_convention_name (const bp_convention *c, char *buf);

/* Parse a name as written by bp_convention_name; 0, or GSL_EINVAL. */
int bp_convention_parse (const char *s, bp_convention *c);

/* The same loss in words: "(1/N) sum cross-entropy + 1/2 reg (|W1|^2 +
 * |W2|^2)". */
const char *bp_convention_describe (const bp_convention *c, char *buf,
                                    size_t len);

/* The weight of one sample's cross-entropy in the loss: 1/N, or 1. */
double bp_convention_sample_weight (const bp_convention *c, size_t N);

/* The coefficient of |W|^2 (and of |b|^2 when biases are penalised):
 * penalty * reg, and 0 for the biases otherwise. */
double bp_convention_reg_w (const bp_convention *c, double reg);
double bp_convention_reg_b (const bp_convention *c, double reg);

/* The loss of a forward-filled cache under convention c. */
double bp_convention_loss (const bp_convention *c, const bp_net *net,
                           const bp_cache *cache, const size_t *y, double reg);

/* The correct backward pass under convention c: bp_net_backward's rules
 * with the data gradients scaled by N for a sum, the penalty's gradient
 * 2 penalty reg W, and 2 penalty reg b added to db when the biases are
 * penalised.  A bp_backward_fn's arguments, and the convention. */
int bp_convention_backward (const bp_convention *c, const bp_net *net,
                            const gsl_matrix *X, const size_t *y, double reg,
                            const bp_cache *cache, bp_grads *g);

/* The rule of gradient id under c, as text ("dW1 = X' dz1 + reg W1" for
 * the penalty 1/2), into buf of len bytes; returns buf. */
const char *bp_convention_rule (const bp_convention *c, enum bp_grad_id id,
                                char *buf, size_t len);

/* Which conventions give the loss value `loss' for this net, a batch of
 * N samples whose mean cross-entropy is data_loss, and reg: each of the
 * eight whose loss is within rtol of it, in bp_convention_nth's order, up
 * to max
 * into out.  Returns how many matched.  Conventions that the values
 * cannot tell apart (reg = 0, biases zero) are all returned. */
size_t bp_convention_infer (double loss, double data_loss, const bp_net *net,
                            size_t N, double reg, double rtol,
                            bp_convention *out, size_t max);

#endif /* BP_CONVENTION_H */
