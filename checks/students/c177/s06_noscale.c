/* backward.c -- HW3 Q2, backward pass.
 *
 * python version:
 *   dscores = probs - y_onehot
 *   grads['W2'] = h.T.dot(dscores) + 2*reg*W2
 *   grads['b2'] = dscores.sum(axis=0)
 *   dh = dscores.dot(W2.T)
 *   dh[z1 <= 0] = 0
 *   grads['W1'] = X.T.dot(dh) + 2*reg*W1
 *   grads['b1'] = dh.sum(axis=0)
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *, const gsl_matrix *, const size_t *, double,
              const bp_cache *, bp_grads *);

/* C = A^T B   (ta=1)   or   C = A B^T   (tb=1), rows via ->data */
static void
np_dot (const gsl_matrix *A, int ta, const gsl_matrix *B, int tb, gsl_matrix *Cm)
{
  size_t i, j, k, K = ta ? A->size1 : A->size2;
  for (i = 0; i < Cm->size1; i++)
    {
      double *crow = Cm->data + i * Cm->tda;
      for (j = 0; j < Cm->size2; j++)
        {
          double s = 0;
          for (k = 0; k < K; k++)
            s += (ta ? A->data[k * A->tda + i] : A->data[i * A->tda + k])
               * (tb ? B->data[j * B->tda + k] : B->data[k * B->tda + j]);
          crow[j] = s;
        }
    }
}

static void
np_sub (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t i, j;
  for (i = 0; i < out->size1; i++)
    for (j = 0; j < out->size2; j++)
      out->data[i * out->tda + j] = A->data[i * A->tda + j] - B->data[i * B->tda + j];
}

static void
np_sum_axis0 (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      out->data[j * out->stride] += A->data[i * A->tda + j];
}

/* dW += scale * W */
static void
np_scale_add (gsl_matrix *dW, double scale, const gsl_matrix *W)
{
  size_t i, j;
  for (i = 0; i < dW->size1; i++)
    for (j = 0; j < dW->size2; j++)
      dW->data[i * dW->tda + j] += scale * W->data[i * W->tda + j];
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;
  gsl_matrix *y_onehot;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  y_onehot = gsl_matrix_calloc (N, net->C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (y_onehot, i, y[i], 1.0);

  /* dscores (the mean over the batch is taken in the loss already) */
  np_sub (cache->prob, y_onehot, g->dz2);

  np_dot (cache->p1, 1, g->dz2, 0, g->dW2);
  np_scale_add (g->dW2, 2 * reg, net->W2);
  np_sum_axis0 (g->dz2, g->db2);

  /* dh */
  np_dot (g->dz2, 0, net->W2, 1, g->dp1);

  /* dh[z1 <= 0] = 0, but on a copy so dp1 stays */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) <= 0
                      ? 0.0 : gsl_matrix_get (g->dp1, i, j));

  np_dot (X, 1, g->dz1, 0, g->dW1);
  np_scale_add (g->dW1, 2 * reg, net->W1);
  np_sum_axis0 (g->dz1, g->db1);

  gsl_matrix_free (y_onehot);
  g->present = BP_GRADS_ALL;
  return 0;
}
