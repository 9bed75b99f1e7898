/*
 * Backward pass with GSL's single-precision BLAS (sgemm).
 * Copy the doubles into gsl_matrix_float, do the products in float,
 * copy the results back.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix_float.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix_float *
to_float (const gsl_matrix *m)
{
  gsl_matrix_float *f = gsl_matrix_float_alloc (m->size1, m->size2);
  size_t i, j;
  for (i = 0; i < m->size1; i++)
    for (j = 0; j < m->size2; j++)
      gsl_matrix_float_set (f, i, j, (float) gsl_matrix_get (m, i, j));
  return f;
}

static void
to_double (const gsl_matrix_float *f, gsl_matrix *m)
{
  size_t i, j;
  for (i = 0; i < f->size1; i++)
    for (j = 0; j < f->size2; j++)
      gsl_matrix_set (m, i, j, gsl_matrix_float_get (f, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  float invN = 1.0f / (float) N;

  gsl_matrix_float *fX = to_float (X);
  gsl_matrix_float *fp1 = to_float (cache->p1);
  gsl_matrix_float *dz2 = to_float (cache->prob);     /* becomes dz2 */
  gsl_matrix_float *dW2 = to_float (net->W2);         /* starts as W2 */
  gsl_matrix_float *dW1 = to_float (net->W1);
  gsl_matrix_float *dh = gsl_matrix_float_alloc (N, H);

  for (i = 0; i < N; i++)
    {
      float *row = gsl_matrix_float_ptr (dz2, i, 0);
      row[y[i]] -= 1.0f;
      for (j = 0; j < C; j++)
        row[j] *= invN;
    }
  to_double (dz2, g->dz2);

  /* dW2 = p1' dz2 + 2 reg W2 (dW2 holds W2 going in) */
  gsl_blas_sgemm (CblasTrans, CblasNoTrans, 1.0f, fp1, dz2, 2.0f * (float) reg, dW2);
  to_double (dW2, g->dW2);

  for (j = 0; j < C; j++)
    {
      float s = 0.0f;
      for (i = 0; i < N; i++)
        s += gsl_matrix_float_get (dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* dh = dz2 W2' -- W2 again from the net, dW2 was overwritten */
  {
    gsl_matrix_float *fW2 = to_float (net->W2);
    gsl_blas_sgemm (CblasNoTrans, CblasTrans, 1.0f, dz2, fW2, 0.0f, dh);
    gsl_matrix_float_free (fW2);
  }
  to_double (dh, g->dp1);

  /* relu: kill where z1 <= 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (!(gsl_matrix_get (cache->z1, i, j) > 0.0))
        gsl_matrix_float_set (dh, i, j, 0.0f);
  to_double (dh, g->dz1);

  gsl_blas_sgemm (CblasTrans, CblasNoTrans, 1.0f, fX, dh, 2.0f * (float) reg, dW1);
  to_double (dW1, g->dW1);

  for (j = 0; j < H; j++)
    {
      float s = 0.0f;
      for (i = 0; i < N; i++)
        s += gsl_matrix_float_get (dh, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_float_free (fX);
  gsl_matrix_float_free (fp1);
  gsl_matrix_float_free (dz2);
  gsl_matrix_float_free (dW2);
  gsl_matrix_float_free (dW1);
  gsl_matrix_float_free (dh);
  g->present = BP_GRADS_ALL;
  return 0;
}
