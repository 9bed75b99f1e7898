/*
 * backward.c  --  exactly as in the course: dZ2 = A2 - Y without the 1/m,
 * and the 1/m in front of every dW and db.  Only difference: gradcheck
 * also wants dz2, dp1 and dz1 of the MEAN loss, so the ones I hand back
 * in g are divided by m at the end (they are the course ones / m).
 *
 * Layout is the library's: sample i is row i.  So the course's
 *   dW2 = 1/m dZ2 A1^T   becomes  dW2 = 1/m A1^T dZ2   (H, C)
 *   dA1 = W2^T dZ2       becomes  dA1 = dZ2 W2^T       (N, H)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db = 1/m * np.sum(dZ, axis=...) -- over the samples */
static void
bias_grad (const gsl_matrix *dZ, double m, gsl_vector *db)
{
  size_t i;
  gsl_vector_set_zero (db);
  for (i = 0; i < dZ->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dZ, i);
      gsl_vector_add (db, &row.vector);
    }
  gsl_vector_scale (db, 1.0 / m);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  double m = (double) X->size1;
  double lambd = reg;
  size_t i;
  gsl_matrix *dZ2 = gsl_matrix_alloc (cache->N, cache->C);
  gsl_matrix *dZ1 = gsl_matrix_alloc (cache->N, cache->H);

  /* dZ2 = A2 - Y */
  gsl_matrix_memcpy (dZ2, cache->prob);
  for (i = 0; i < cache->N; i++)
    *gsl_matrix_ptr (dZ2, i, y[i]) -= 1.0;

  /* dW2 = 1/m A1^T dZ2 + 2 lambd W2 ,  db2 = 1/m sum(dZ2) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0 / m, cache->p1, dZ2,
                  2.0 * lambd, g->dW2);
  bias_grad (dZ2, m, g->db2);

  /* dA1 = dZ2 W2^T, dZ1 = dA1 * relu'(Z1).  dZ1 kept apart from g->dp1
   * so that dp1 still holds dA1 afterwards. */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (dZ1, g->dp1);
  for (i = 0; i < dZ1->size1 * dZ1->size2; i++)
    {
      size_t r = i / dZ1->size2, c = i % dZ1->size2;
      if (gsl_matrix_get (cache->z1, r, c) <= 0.0)
        gsl_matrix_set (dZ1, r, c, 0.0);
    }

  /* dW1 = 1/m X^T dZ1 + 2 lambd W1 ,  db1 = 1/m sum(dZ1) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0 / m, X, dZ1, 2.0 * lambd,
                  g->dW1);
  bias_grad (dZ1, m, g->db1);

  /* the intermediate ones, of the mean loss: course value / m */
  gsl_matrix_memcpy (g->dz2, dZ2);
  gsl_matrix_scale (g->dz2, 1.0 / m);
  gsl_matrix_scale (g->dp1, 1.0 / m);
  gsl_matrix_memcpy (g->dz1, dZ1);
  gsl_matrix_scale (g->dz1, 1.0 / m);

  gsl_matrix_free (dZ2);
  gsl_matrix_free (dZ1);
  g->present = BP_GRADS_ALL;
  return 0;
}
