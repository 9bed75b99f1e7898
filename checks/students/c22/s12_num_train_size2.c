/* backward.c -- Assignment 3
 * Name: Rafael Mendes
 * Collaborators: none (asked about dgemm on the forum)
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* like np.sum(M, axis=0) */
static void
column_sums (const gsl_matrix *M, gsl_vector *out)
{
  for (size_t j = 0; j < M->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (M, j);
      double s = 0.0;
      for (size_t i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (out, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *probs = cache->prob;
  int num_train = probs->size2;          /* probs.shape[0] */
  size_t num_classes = net->C;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  /* dscores = probs.copy() ; dscores[np.arange(num_train), y] -= 1 */
  gsl_matrix *dscores = gsl_matrix_alloc (probs->size1, num_classes);
  gsl_matrix_memcpy (dscores, probs);
  for (size_t i = 0; i < probs->size1; i++)
    {
      double *row = gsl_matrix_ptr (dscores, i, 0);
      row[y[i]] -= 1.0;
    }
  /* dscores /= num_train */
  gsl_matrix_scale (dscores, 1.0 / num_train);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* dW2 = hidden.T @ dscores + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                  2.0 * reg, g->dW2);
  column_sums (dscores, g->db2);

  /* dhidden = dscores @ W2.T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                  g->dp1);
  gsl_matrix_free (dscores);

  /* dhidden[hidden <= 0] = 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < g->dz1->size1; i++)
    for (size_t j = 0; j < g->dz1->size2; j++)
      if (gsl_matrix_get (cache->p1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X.T @ dhidden + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  column_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
