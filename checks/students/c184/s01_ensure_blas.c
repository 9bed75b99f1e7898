/* backward.c -- HW3 part 2, backward pass of the two-layer net.
 *
 * The scratch matrices are static: nntrain calls backward() every step
 * and I don't want a malloc/free in the training loop.  ensure() only
 * reallocates when the shape changes (new batch size or a new net). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *dscores = NULL;      /* N x C */
static gsl_matrix *dhidden = NULL;      /* N x H */
static gsl_vector *ones = NULL;         /* N, all 1, for the column sums */

/* make *m an r x c matrix, keeping it if it already is one */
static void
ensure (gsl_matrix **m, size_t r, size_t c)
{
  if (*m != NULL && (*m)->size1 == r && (*m)->size2 == c)
    return;
  if (*m != NULL)
    gsl_matrix_free (*m);
  *m = gsl_matrix_alloc (r, c);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ensure (&dscores, N, C);
  ensure (&dhidden, N, H);
  if (ones == NULL || ones->size != N)
    {
      if (ones != NULL)
        gsl_vector_free (ones);
      ones = gsl_vector_alloc (N);
      gsl_vector_set_all (ones, 1.0);
    }

  /* dz2 = (probs - onehot(y)) / N */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* dW2 = p1^T dz2 + 2 reg W2  (beta picks up the reg term) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                  2.0 * reg, g->dW2);

  /* db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, dscores, ones, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                  dhidden);
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* relu: kill the gradient where the unit was off */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (dhidden, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, dhidden);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2.0 * reg,
                  g->dW1);

  /* db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, dhidden, ones, 0.0, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
