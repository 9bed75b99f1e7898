/* causes.h -- name the mistake behind each root-cause gradient.
 *
 * A root gradient a is compared with predictions P built from the correct
 * rule with one thing changed: an operand swapped for another tensor of the
 * same shape, the ReLU mask taken on the wrong tensor or left out, the
 * one-hot left out of the softmax gradient.  Each prediction is fitted with
 * a scalar factor K on its data term and, for dW1 and dW2, a factor f on
 * the regularization term (f reg W), by least squares; the first
 * prediction that reproduces a entrywise names the cause.  K = -1 reads
 * "sign", K = 0 "zero", another K "scale:K"; f = 0 reads "reg-missing",
 * f != 2 "reg-factor:f".  Several findings join with "+", e.g.
 * "relu-mask-sign+scale:0.2".  When a gradient's upstream was not supplied
 * (numpy users with only dW1, db1, dW2, db2), mistakes upstream of it are
 * tried too.  What nothing explains is "entries" when confined to a few
 * entries, else "unknown".
 *
 * The codes: zero, sign, scale:K, reg-missing, reg-factor:K,
 * relu-mask-sign, relu-no-mask, relu-mask-inverted, onehot-missing,
 * operand:NAME, entries, unknown. */

#ifndef BP_CAUSES_H
#define BP_CAUSES_H

#include "gradcheck.h"

/* Fill cause and because for every gradient of r whose status is root;
 * the arguments are those r was computed from (cache forward-filled). */
int bp_causes_explain (bp_gradcheck *r, const bp_net *net,
                       const gsl_matrix *X, const size_t *y, double reg,
                       const bp_cache *cache, const bp_grads *user);

#endif /* BP_CAUSES_H */
