/* backward.c -- my backward pass.
 * helpers return new matrices, I copy them into g at the end.  */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *
new_copy (const gsl_matrix *a)
{
  gsl_matrix *m = gsl_matrix_alloc (a->size1, a->size2);
  gsl_matrix_memcpy (m, a);
  return m;
}

/* transpose(a) * b */
static gsl_matrix *
mm_tn (const gsl_matrix *a, const gsl_matrix *b)
{
  gsl_matrix *m = gsl_matrix_alloc (a->size2, b->size2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, a, b, 0.0, m);
  return m;
}

/* a * transpose(b) */
static gsl_matrix *
mm_nt (const gsl_matrix *a, const gsl_matrix *b)
{
  gsl_matrix *m = gsl_matrix_alloc (a->size1, b->size1);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, a, b, 0.0, m);
  return m;
}

static gsl_vector *
sum_cols (const gsl_matrix *a)
{
  gsl_vector *v = gsl_vector_calloc (a->size2);
  size_t i, j;
  for (i = 0; i < a->size1; i++)
    for (j = 0; j < a->size2; j++)
      *gsl_vector_ptr (v, j) += gsl_matrix_get (a, i, j);
  return v;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1;
  int i, j;

  /* softmax loss: subtract one at the label, average over the batch */
  gsl_matrix *dscores = new_copy (cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1);
  gsl_matrix_scale (dscores, 1 / N);

  gsl_matrix *dW2 = mm_tn (cache->p1, dscores);
  gsl_matrix *regW2 = new_copy (net->W2);
  gsl_matrix_scale (regW2, 2 * reg);
  gsl_matrix_add (dW2, regW2);
  gsl_vector *db2 = sum_cols (dscores);

  gsl_matrix *dhidden = mm_nt (dscores, net->W2);
  gsl_matrix *dh_relu = new_copy (dhidden);
  for (i = 0; i < N; i++)
    for (j = 0; j < (int) net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (dh_relu, i, j, 0);

  gsl_matrix *dW1 = mm_tn (X, dh_relu);
  gsl_matrix *regW1 = new_copy (net->W1);
  gsl_matrix_scale (regW1, 2 * reg);
  gsl_matrix_add (dW1, regW1);
  gsl_vector *db1 = sum_cols (dh_relu);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_memcpy (g->dW2, dW2);
  gsl_vector_memcpy (g->db2, db2);
  gsl_matrix_memcpy (g->dp1, dhidden);
  gsl_matrix_memcpy (g->dz1, dh_relu);
  gsl_matrix_memcpy (g->dW1, dW1);
  gsl_vector_memcpy (g->db1, db1);

  gsl_matrix_free (dscores);
  gsl_matrix_free (dW2);
  gsl_matrix_free (regW2);
  gsl_vector_free (db2);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (dh_relu);
  gsl_matrix_free (dW1);
  gsl_matrix_free (regW1);
  gsl_vector_free (db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
