/* causes.h -- name the mistake behind each root-cause gradient.
 *
 * A root gradient a is compared with predictions built from the correct
 * rule with one thing changed: an operand swapped for another tensor of the
 * same shape, the ReLU mask taken on the wrong tensor or left out, the
 * one-hot left out of the softmax gradient.  The predictions are a table,
 * each row a gradient, a code, a sentence and how the prediction is built.
 * Each is fitted with a factor K on its data term and, where the loss
 * penalises the parameter (dW1 and dW2; db1 and db2 when the convention
 * penalises the biases), a factor F on the penalty term F reg W, by least
 * squares, at increasing freedom: as it is, K fitted, F fitted, both.  The
 * first that reproduces a entrywise names the cause.  K = -1 reads "sign",
 * another K "scale:K"; F = 0 reads "reg-missing", F other than 2 penalty
 * (2 for the library's loss, 1 for the 1/2 reg |W|^2 convention)
 * "reg-factor:F".  Several findings join with "+", e.g.
 * "relu-mask-sign+scale:0.2".  When a gradient's upstream was not
 * supplied (numpy users with only dW1, db1, dW2, db2), mistakes upstream
 * of it are tried too.
 *
 * Every cause is verified: its fix is applied to a (the prediction taken
 * out, the correct rule put in) and the fixed values are judged as the
 * check judged a (bp_gradcheck_judge).  A cause whose fix makes every
 * entry agree is exact.  When no prediction fits every entry, the one
 * whose fix makes the most wrong entries agree, at least half of them and
 * more than it spoils, is named as a partial cause ("explains 12 of the 15
 * wrong entries").  What nothing explains is "entries" when confined to a
 * few entries, a row or a column, else "unknown".
 *
 * Everything is judged under the check's convention, r->opts.conv: its
 * backward pass is the reference, its rules are quoted.
 *
 * The codes: zero, sign, scale:K, reg-missing, reg-factor:K,
 * relu-mask-sign, relu-no-mask, relu-mask-inverted, onehot-missing,
 * onehot-sign, onehot-reversed, onehot-moved, reshape, scrambled,
 * operand:NAME, entries, unknown. */

#ifndef BP_CAUSES_H
#define BP_CAUSES_H

#include "gradcheck.h"

/* Fill cause, because, explained and exact for every gradient of r whose
 * status is root; the arguments are those r was computed from (cache
 * forward-filled).  Returns 0, or a GSL error code. */
int bp_causes_explain (bp_gradcheck *r, const bp_net *net,
                       const gsl_matrix *X, const size_t *y, double reg,
                       const bp_cache *cache, const bp_grads *user);

/* Check the gradients in user (bp_gradcheck_run) and explain the roots
 * (bp_causes_explain).  NULL (through the GSL error handler) on failure. */
bp_gradcheck *bp_gradcheck_diagnose (const bp_net *net, const gsl_matrix *X,
                                     const size_t *y, double reg,
                                     const bp_grads *user,
                                     const bp_gradcheck_opts *opts);

/* Run a backward pass on the net and batch, then diagnose it. */
bp_gradcheck *bp_gradcheck_backward (const bp_net *net, const gsl_matrix *X,
                                     const size_t *y, double reg,
                                     bp_backward_fn *backward,
                                     const bp_gradcheck_opts *opts);

#endif /* BP_CAUSES_H */
