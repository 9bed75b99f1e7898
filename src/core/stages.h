/* stages.h -- a stage of the backward pass that the reference
 * (backward.c) and the bug zoo (bugs.c) share (private to the core
 * layer). */

#ifndef BP_STAGES_H
#define BP_STAGES_H

#include "backprop/grads.h"

/* The last stage: the gradient of reg (|W1|^2 + |W2|^2) is 2 reg W,
 * added to the data terms already in dW2 and dW1; then all seven
 * gradients of g are present.  Returns 0 or a GSL error code. */
int bp_backward_reg (const bp_net *net, double reg, bp_grads *g);

#endif /* BP_STAGES_H */
