/* backward.c -- two layer net, backward pass
 *
 * Ported from my numpy version (assignment1/cs231n/classifiers/neural_net.py).
 * Every block has the numpy line it replaces in a comment above it, so I can
 * diff the two by eye.
 *
 *   - Priya, section 3
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* y_onehot = np.zeros((N, C)); y_onehot[np.arange(N), y] = 1 */
static gsl_matrix *
make_onehot (const size_t *y, size_t n, size_t c)
{
  gsl_matrix *m = gsl_matrix_calloc (n, c);
  for (size_t i = 0; i < n; i++)
    gsl_matrix_set (m, i, y[i], 1.0);
  return m;
}

/* shifted = scores - scores.max(axis=1, keepdims=True)
 * probs = np.exp(shifted); probs /= probs.sum(axis=1, keepdims=True)
 * (recomputed here from z2 instead of taking cache->prob, same as my
 * python where the loss and the backward were two different functions) */
static void
softmax_rows (const gsl_matrix *scores, gsl_matrix *probs)
{
  gsl_matrix_memcpy (probs, scores);
  for (size_t i = 0; i < probs->size1; i++)
    {
      gsl_vector_view row = gsl_matrix_row (probs, i);
      double mx = gsl_vector_max (&row.vector);
      double total = 0.0;
      for (size_t j = 0; j < row.vector.size; j++)
        {
          double e = exp (gsl_vector_get (&row.vector, j) - mx);
          gsl_vector_set (&row.vector, j, e);
          total += e;
        }
      gsl_vector_scale (&row.vector, 1.0 / total);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t H = net->H;
  const size_t C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---------- scores -> dscores ---------- */
  gsl_matrix *probs = gsl_matrix_alloc (N, C);
  softmax_rows (cache->z2, probs);
  gsl_matrix *y_onehot = make_onehot (y, N, C);

  /* dscores = (probs - y_onehot) / N */
  gsl_matrix_memcpy (g->dz2, probs);
  gsl_matrix_sub (g->dz2, y_onehot);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* ---------- second layer ---------- */
  /* grads['W2'] = h1.T.dot(dscores) + 2 * reg * W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  0.0, g->dW2);
  gsl_matrix *reg_W2 = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (reg_W2, net->W2);
  gsl_matrix_scale (reg_W2, 2.0 * reg);
  gsl_matrix_add (g->dW2, reg_W2);

  /* grads['b2'] = np.sum(dscores, axis=0)   i.e.  dscores.T @ ones(N) */
  gsl_vector *ones_N = gsl_vector_alloc (N);
  gsl_vector_set_all (ones_N, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones_N, 0.0, g->db2);

  /* dh1 = dscores.dot(W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);

  /* ---------- relu ---------- */
  /* dz1 = dh1 * (h1 > 0)
   * h1 > 0 exactly where z1 > 0, so the mask can be read off h1 */
  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j,
                      gsl_matrix_get (cache->p1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* ---------- first layer ---------- */
  /* grads['W1'] = X.T.dot(dz1) + 2 * reg * W1
   * trick: put W1 in the output first and let dgemm's beta do the 2*reg */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* grads['b1'] = np.sum(dz1, axis=0) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones_N, 0.0, g->db1);

  gsl_matrix_free (probs);
  gsl_matrix_free (y_onehot);
  gsl_matrix_free (reg_W2);
  gsl_matrix_free (mask);
  gsl_vector_free (ones_N);

  g->present = BP_GRADS_ALL;
  return 0;
}
