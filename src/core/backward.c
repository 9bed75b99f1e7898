/* backward.c -- the reference backward pass, and the seven rules as text. */

#include <config.h>

#include <gsl/gsl_errno.h>

#include "backprop/backward.h"
#include "stages.h"

/* Backward through the graph X -> z1 -> p1 -> z2 -> loss, each step the
 * backward half of a layer in net.c (where each rule is derived). */
int
bp_net_backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
                 double reg, const bp_cache *cache, bp_grads *g)
{
  int status;

  if (g->N != cache->N || g->D != net->D || g->H != net->H || g->C != net->C)
    GSL_ERROR ("backward: gradients do not fit the network", GSL_EBADLEN);
  status = bp_softmax_loss_backward (cache->prob, y, g->dz2);
  if (status == 0)
    status = bp_affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2,
                                 g->db2);
  if (status == 0)
    status = bp_relu_backward (g->dp1, cache->z1, g->dz1);
  if (status == 0)
    status = bp_affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);
  return status ? status : bp_backward_reg (net, reg, g);
}

/* The last stage (stages.h), which the bug zoo's entries end with too. */
int
bp_backward_reg (const bp_net *net, double reg, bp_grads *g)
{
  int status = bp_l2_backward (net->W2, reg, g->dW2);
  if (status == 0)
    status = bp_l2_backward (net->W1, reg, g->dW1);
  if (status == 0)
    g->present = BP_GRADS_ALL;
  return status;
}

static const char *const rules[BP_NGRADS] = {
  "dz2 = (softmax(z2) - onehot(y)) / N",
  "dW2 = p1' dz2 + 2 reg W2",
  "db2 = column sums of dz2",
  "dp1 = dz2 W2'",
  "dz1 = dp1 * [z1 > 0]",
  "dW1 = X' dz1 + 2 reg W1",
  "db1 = column sums of dz1",
};

const char *
bp_backward_rule (enum bp_grad_id id)
{
  return (unsigned) id < BP_NGRADS ? rules[id] : NULL;
}
