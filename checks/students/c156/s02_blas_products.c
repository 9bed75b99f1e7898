/* backward.c  --  CS 4xx assignment 3, part 2
 *
 * The three matrix products go to BLAS (dgemm), everything elementwise is
 * one flat loop over ->data.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t k;
  double invN;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* scores gradient, softmax + cross entropy together */
  for (k = 0; k < N * C; k++)
    {
      double t = (k % C == y[k / C]) ? 1.0 : 0.0;
      g->dz2->data[k] = (cache->prob->data[k] - t) * invN;
    }

  /* dW2 = p1' dz2 + 2 reg W2: copy W2 in first and let beta do the reg */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 */
  gsl_vector_set_zero (g->db2);
  for (k = 0; k < N * C; k++)
    g->db2->data[k % C] += g->dz2->data[k];

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* relu backward */
  for (k = 0; k < N * H; k++)
    {
      if (cache->z1->data[k] > 0.0)
        g->dz1->data[k] = g->dp1->data[k];
      else
        g->dz1->data[k] = 0.0;
    }

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (k = 0; k < N * H; k++)
    g->db1->data[k % H] += g->dz1->data[k];

  g->present = BP_GRADS_ALL;
  return 0;
}
