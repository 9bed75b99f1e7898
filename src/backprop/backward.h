/* backward.h -- the reference backward pass of the two-layer net, and its
 * seven rules, written once: the bug zoo, the causes that gradcheck names
 * and the manual pages all quote them from here. */

#ifndef BP_BACKWARD_H
#define BP_BACKWARD_H

#include <gsl/gsl_matrix.h>

#include "net.h"
#include "grads.h"

/* The reference backward pass (a bp_backward_fn, see grads.h), with the
 * rules of DESIGN.md:
 *   dz2 = (softmax(z2) - onehot(y)) / N     dW2 = p1' dz2 + 2 reg W2
 *   db2 = column sums of dz2                dp1 = dz2 W2'
 *   dz1 = dp1 * [z1 > 0]                    dW1 = X' dz1 + 2 reg W1
 *   db1 = column sums of dz1
 * X (N, D), y (N); the cache must hold bp_net_forward's result for X. */
bp_backward_fn bp_net_backward;

/* The correct rule of gradient id, as text: "dz1 = dp1 * [z1 > 0]";
 * NULL for an id out of range. */
const char *bp_backward_rule (enum bp_grad_id id);

#endif /* BP_BACKWARD_H */
