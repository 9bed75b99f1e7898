/* bugs.c -- the bug zoo (see bugs.h).
 *
 * Every entry is the correct backward pass of net.c, run stage by stage
 * from the library's layers, with one stage replaced or followed by the
 * student's mistake.  The comment above each entry says what the student
 * wrote and what the correct rule is.  The correct rules (DESIGN.md):
 *   dz2 = (softmax(z2) - onehot(y)) / N     dW2 = p1' dz2 + 2 reg W2
 *   db2 = column sums of dz2                dp1 = dz2 W2'
 *   dz1 = dp1 * [z1 > 0]                    dW1 = X' dz1 + 2 reg W1
 *   db1 = column sums of dz1 */

#include <config.h>

#include <string.h>
#include <gsl/gsl_errno.h>

#include "backprop/bugs.h"
#include "stages.h"

/* The entries, each a bp_backward_fn written out below: X (N, D), y (N),
 * the cache of bp_net_forward on X; all seven gradients of g are
 * written. */
static bp_backward_fn relu_mask_sign, relu_no_mask, relu_mask_inverted,
  softmax_no_onehot, dz2_no_mean, dz2_sign, double_mean, reg_missing,
  reg_factor_1, db_mean, dw2_from_z1, dw1_from_dp1, db1_from_dp1,
  dp1_scale_2, report;

/* The zoo.  expect[] is in enum bp_grad_id order:
 *   dz2, dW2, db2, dp1, dz1, dW1, db1. */

#define OK "ok"
#define INH "inherited"

static const bp_bug zoo[] = {
  { "relu-mask-sign",
    "dz1 = dp1 * [dp1 > 0]: the ReLU mask on the sign of dp1, not on z1",
    relu_mask_sign,
    { OK, OK, OK, OK, "root relu-mask-sign", INH, INH } },
  { "relu-no-mask",
    "dz1 = dp1: no ReLU mask at all",
    relu_no_mask,
    { OK, OK, OK, OK, "root relu-no-mask", INH, INH } },
  { "relu-mask-inverted",
    "dz1 = dp1 * [z1 <= 0]: the ReLU mask inverted",
    relu_mask_inverted,
    { OK, OK, OK, OK, "root relu-mask-inverted", INH, INH } },
  { "softmax-no-onehot",
    "dz2 = softmax(z2) / N: onehot(y) not subtracted",
    softmax_no_onehot,
    { "root onehot-missing", INH, INH, INH, INH, INH, INH } },
  { "dz2-no-mean",
    "dz2 = softmax(z2) - onehot(y): the 1/N of the mean loss forgotten",
    dz2_no_mean,
    { "root scale:N", INH, INH, INH, INH, INH, INH } },
  { "dz2-sign",
    "dz2 = (onehot(y) - softmax(z2)) / N: the sign flipped",
    dz2_sign,
    { "root sign", INH, INH, INH, INH, INH, INH } },
  { "double-mean",
    "dW and db divided by N a second time, in both layers",
    double_mean,
    { OK, "root scale:1/N", "root scale:1/N", OK, OK, "root scale:1/N",
      "root scale:1/N" } },
  { "reg-missing",
    "dW = data term only: the regularisation gradient 2 reg W missing",
    reg_missing,
    { OK, "root reg-missing", OK, OK, OK, "root reg-missing", OK } },
  { "reg-factor-1",
    "dW = data term + reg W: factor 1 where the loss needs 2",
    reg_factor_1,
    { OK, "root reg-factor:1", OK, OK, OK, "root reg-factor:1", OK } },
  { "db-mean",
    "db = column means of dz, not sums, in both layers",
    db_mean,
    { OK, OK, "root scale:1/N", OK, OK, OK, "root scale:1/N" } },
  { "dw2-from-z1",
    "dW2 = z1' dz2 + 2 reg W2: z1 where p1 belongs",
    dw2_from_z1,
    { OK, "root operand:z1", OK, OK, OK, OK, OK } },
  { "dw1-from-dp1",
    "dW1 = X' dp1 + 2 reg W1: dp1 where dz1 belongs",
    dw1_from_dp1,
    { OK, OK, OK, OK, OK, "root operand:dp1", OK } },
  { "db1-from-dp1",
    "db1 = column sums of dp1: dp1 where dz1 belongs",
    db1_from_dp1,
    { OK, OK, OK, OK, OK, OK, "root operand:dp1" } },
  { "dp1-scale-2",
    "dp1 = 2 dz2 W2': a spurious factor 2",
    dp1_scale_2,
    { OK, OK, OK, "root scale:2", INH, INH, INH } },
  { "report",
    "the student report: relu-mask-sign and double-mean at once",
    report,
    { OK, "root scale:1/N", "root scale:1/N", OK, "root relu-mask-sign",
      "root scale:1/N", "root scale:1/N" } },
};

/* The correct stages. */

static int
fits (const bp_net *net, const gsl_matrix *X, const bp_cache *cache,
      const bp_grads *g)
{
  if (g->N != cache->N || g->D != net->D || g->H != net->H || g->C != net->C
      || X->size1 != cache->N || X->size2 != net->D)
    GSL_ERROR ("bug zoo: gradients do not fit the network", GSL_EBADLEN);
  return 0;
}

/* dz2 = (softmax(z2) - onehot(y)) / N.  dz2 (N, C). */
static int
softmax_stage (const bp_cache *cache, const size_t *y, bp_grads *g)
{
  return bp_softmax_loss_backward (cache->prob, y, g->dz2);
}

/* The data terms of layer 2: dW2 = p1' dz2, db2 = column sums of dz2,
 * dp1 = dz2 W2'.  dW2 (H, C), db2 (C), dp1 (N, H). */
static int
layer2_stage (const bp_net *net, const bp_cache *cache, bp_grads *g)
{
  return bp_affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2,
                             g->db2);
}

/* dz1 = dp1 * [z1 > 0].  dz1 (N, H). */
static int
relu_stage (const bp_cache *cache, bp_grads *g)
{
  return bp_relu_backward (g->dp1, cache->z1, g->dz1);
}

/* The data terms of layer 1: dW1 = X' dz1, db1 = column sums of dz1.
 * X (N, D), dW1 (D, H), db1 (H). */
static int
layer1_stage (const bp_net *net, const gsl_matrix *X, bp_grads *g)
{
  return bp_affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);
}

/* The last stage, the reference's (stages.h), after the others succeeded
 * (status 0): 2 reg W added to both weight gradients, where `reg' is the
 * one the student's rule puts there, the net's except in the entries whose
 * mistake it is.  Returns the first failure. */
static int
finish (const bp_net *net, double reg, int status, bp_grads *g)
{
  return status ? status : bp_backward_reg (net, reg, g);
}

/* The entries. */

/* relu-mask-sign.  The student wrote
 *   dz1 = dp1 * [dp1 > 0]
 * ("the negative values of dp1 are set to 0 and copied to dz1"), a mask on
 * the sign of the upstream gradient.  ReLU's derivative depends on its
 * input: p1 = max(0, z1) passes the gradient where z1 > 0, whatever the
 * gradient's sign.  Correct: dz1 = dp1 * [z1 > 0]. */
static int
relu_mask_sign (const bp_net *net, const gsl_matrix *X, const size_t *y,
                double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)              /* the mistake: dp1 in place of z1 */
    status = bp_relu_backward (g->dp1, g->dp1, g->dz1);
  if (status == 0)
    status = layer1_stage (net, X, g);
  return finish (net, reg, status, g);
}

/* relu-no-mask.  The student wrote
 *   dz1 = dp1
 * treating the ReLU as the identity on the way back.  Correct:
 * dz1 = dp1 * [z1 > 0], since d max(0, z)/dz = 0 where z < 0. */
static int
relu_no_mask (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)              /* the mistake: no mask at all */
    status = gsl_matrix_memcpy (g->dz1, g->dp1);
  if (status == 0)
    status = layer1_stage (net, X, g);
  return finish (net, reg, status, g);
}

/* relu-mask-inverted.  The student wrote
 *   dz1 = dp1 * [z1 <= 0]
 * keeping the gradient exactly where the unit was off.  Correct:
 * dz1 = dp1 * [z1 > 0]. */
static int
relu_mask_inverted (const bp_net *net, const gsl_matrix *X, const size_t *y,
                    double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)              /* the mistake: the complement of the mask */
    for (size_t i = 0; i < g->N; i++)
      for (size_t j = 0; j < g->H; j++)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) <= 0.0
                        ? gsl_matrix_get (g->dp1, i, j) : 0.0);
  if (status == 0)
    status = layer1_stage (net, X, g);
  return finish (net, reg, status, g);
}

/* softmax-no-onehot.  The student wrote
 *   dz2 = softmax(z2) / N
 * forgetting that the correct class's score also appears, negated, in
 * -log softmax(z2)[y] = lse(z2) - z2[y].  Correct:
 * dz2 = (softmax(z2) - onehot(y)) / N. */
static int
softmax_no_onehot (const bp_net *net, const gsl_matrix *X, const size_t *y,
                   double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  (void) y;
  if (status == 0)              /* the mistake: no onehot subtracted */
    status = gsl_matrix_memcpy (g->dz2, cache->prob);
  if (status == 0)
    status = gsl_matrix_scale (g->dz2, 1.0 / (double) g->N);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  return finish (net, reg, status, g);
}

/* dz2-no-mean.  The student wrote
 *   dz2 = softmax(z2) - onehot(y)
 * the gradient of the summed loss, while the loss is the mean over the N
 * samples.  Correct: dz2 = (softmax(z2) - onehot(y)) / N. */
static int
dz2_no_mean (const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t n = 0; status == 0 && n < g->N; n++)
    {
      if (y[n] >= g->C)
        GSL_ERROR ("dz2-no-mean: label out of range", GSL_EINVAL);
      gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
    }
  /* the mistake: no division by N */
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  return finish (net, reg, status, g);
}

/* dz2-sign.  The student wrote
 *   dz2 = (onehot(y) - softmax(z2)) / N
 * the gradient of the mean log-likelihood, which is to be maximised, not
 * of the loss, its negative.  Correct: dz2 = (softmax(z2) - onehot(y)) / N. */
static int
dz2_sign (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)              /* the mistake: the sign */
    status = gsl_matrix_scale (g->dz2, -1.0);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  return finish (net, reg, status, g);
}

/* dW /= N and db /= N: the extra mean of double-mean and report.
 * dW (K, M), db (M). */
static void
divide_by_n (gsl_matrix *dW, gsl_vector *db, size_t N)
{
  gsl_matrix_scale (dW, 1.0 / (double) N);
  gsl_vector_scale (db, 1.0 / (double) N);
}

/* double-mean.  The student wrote
 *   dW2 = (p1' dz2) / N + 2 reg W2      db2 = (column sums of dz2) / N
 *   dW1 = (X' dz1) / N + 2 reg W1       db1 = (column sums of dz1) / N
 * averaging over the batch a second time: dz2 already carries the 1/N of
 * the mean loss, and the sums over samples in X' dz1 and the column sums
 * are the chain rule's sums, not means.  Correct: the same without the
 * extra / N. */
static int
double_mean (const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)              /* the mistake, in layer 2 */
    divide_by_n (g->dW2, g->db2, g->N);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  if (status == 0)              /* and in layer 1 */
    divide_by_n (g->dW1, g->db1, g->N);
  return finish (net, reg, status, g);
}

/* reg-missing.  The student wrote
 *   dW2 = p1' dz2      dW1 = X' dz1
 * forgetting that the loss includes reg (|W1|^2 + |W2|^2).  Correct: add
 * its gradient, 2 reg W, to each. */
static int
reg_missing (const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  (void) reg;                   /* the mistake: reg left out */
  return finish (net, 0.0, status, g);
}

/* reg-factor-1.  The student wrote
 *   dW2 = p1' dz2 + reg W2      dW1 = X' dz1 + reg W1
 * the gradient of (reg/2) |W|^2, the convention of some courses; our loss
 * has no 1/2 in front of reg.  Correct: d(reg |W|^2)/dW = 2 reg W. */
static int
reg_factor_1 (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  return finish (net, reg / 2, status, g); /* the mistake: reg W */
}

/* db-mean.  The student wrote
 *   db2 = column means of dz2      db1 = column means of dz1
 * The bias is added to every row, so its gradient collects every row's:
 * dL/db_m = sum_n dZ_nm.  Correct: column sums. */
static int
db_mean (const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)              /* the mistake, in layer 2 */
    status = gsl_vector_scale (g->db2, 1.0 / (double) g->N);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  if (status == 0)              /* and in layer 1 */
    status = gsl_vector_scale (g->db1, 1.0 / (double) g->N);
  return finish (net, reg, status, g);
}

/* dw2-from-z1.  The student wrote
 *   dW2 = z1' dz2 + 2 reg W2
 * taking the hidden layer's pre-activation.  Layer 2 reads p1 = relu(z1):
 * correct is dW2 = p1' dz2 + 2 reg W2. */
static int
dw2_from_z1 (const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)              /* the mistake: z1 in place of p1 */
    status = bp_affine_backward (g->dz2, cache->z1, net->W2, NULL, g->dW2,
                                 NULL);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  return finish (net, reg, status, g);
}

/* dw1-from-dp1.  The student wrote
 *   dW1 = X' dp1 + 2 reg W1
 * skipping the ReLU on the way to W1.  W1 produces z1, not p1: correct is
 * dW1 = X' dz1 + 2 reg W1. */
static int
dw1_from_dp1 (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  if (status == 0)              /* the mistake: dp1 in place of dz1 */
    status = bp_affine_backward (g->dp1, X, net->W1, NULL, g->dW1, NULL);
  return finish (net, reg, status, g);
}

/* db1-from-dp1.  The student wrote
 *   db1 = column sums of dp1
 * skipping the ReLU on the way to b1, which is added to z1.  Correct:
 * db1 = column sums of dz1. */
static int
db1_from_dp1 (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  if (status == 0)              /* the mistake: dp1 in place of dz1 */
    status = bp_affine_backward (g->dp1, X, net->W1, NULL, NULL, g->db1);
  return finish (net, reg, status, g);
}

/* dp1-scale-2.  The student wrote
 *   dp1 = 2 dz2 W2'
 * carrying over the 2 of the regularisation gradient.  z2 is linear in p1:
 * correct is dp1 = dz2 W2'. */
static int
dp1_scale_2 (const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)              /* the mistake: a factor 2 */
    status = gsl_matrix_scale (g->dp1, 2.0);
  if (status == 0)
    status = relu_stage (cache, g);
  if (status == 0)
    status = layer1_stage (net, X, g);
  return finish (net, reg, status, g);
}

/* report.  The motivating student report, two mistakes at once: the ReLU
 * mask on the sign of dp1 (relu-mask-sign) and the parameter gradients
 * divided by N a second time (double-mean).  Correct: dz1 = dp1 * [z1 > 0],
 * and no extra / N. */
static int
report (const bp_net *net, const gsl_matrix *X, const size_t *y,
        double reg, const bp_cache *cache, bp_grads *g)
{
  int status = fits (net, X, cache, g);
  if (status == 0)
    status = softmax_stage (cache, y, g);
  if (status == 0)
    status = layer2_stage (net, cache, g);
  if (status == 0)              /* mistake 2, in layer 2 */
    divide_by_n (g->dW2, g->db2, g->N);
  if (status == 0)              /* mistake 1: dp1 in place of z1 */
    status = bp_relu_backward (g->dp1, g->dp1, g->dz1);
  if (status == 0)
    status = layer1_stage (net, X, g);
  if (status == 0)              /* mistake 2, in layer 1 */
    divide_by_n (g->dW1, g->db1, g->N);
  return finish (net, reg, status, g);
}

size_t
bp_bugs_count (void)
{
  return sizeof zoo / sizeof zoo[0];
}

const bp_bug *
bp_bug_get (size_t i)
{
  return i < bp_bugs_count () ? &zoo[i] : NULL;
}

const bp_bug *
bp_bug_lookup (const char *name)
{
  for (size_t i = 0; i < bp_bugs_count (); i++)
    if (strcmp (name, zoo[i].name) == 0)
      return &zoo[i];
  return NULL;
}
