/*
 * backward.c -- hand written backprop for the 2-layer net
 *
 * Each layer gets its own function returning new matrices; backward()
 * chains them and copies everything into g at the end.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *
loss_backward (const gsl_matrix *probs, const size_t *y)
{
  size_t n = probs->size1, i;
  gsl_matrix *d = gsl_matrix_alloc (probs->size1, probs->size2);

  gsl_matrix_memcpy (d, probs);
  for (i = 0; i < n; i++)
    *gsl_matrix_ptr (d, i, y[i]) -= 1.0;
  gsl_matrix_scale (d, 1.0 / (double) n);
  return d;
}

/* dW = A' dout + 2 reg W */
static gsl_matrix *
weight_backward (const gsl_matrix *A, const gsl_matrix *dout,
                 const gsl_matrix *W, double reg)
{
  gsl_matrix *dW = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dout, 2.0 * reg, dW);
  return dW;
}

/* db = mean of dout over the batch */
static gsl_vector *
bias_backward (const gsl_matrix *dout)
{
  gsl_vector *db = gsl_vector_calloc (dout->size2);
  size_t i;
  for (i = 0; i < dout->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dout, i);
      gsl_vector_add (db, &row.vector);
    }
  gsl_vector_scale (db, 1.0 / (double) dout->size1);
  return db;
}

/* dx = dout W' */
static gsl_matrix *
input_backward (const gsl_matrix *dout, const gsl_matrix *W)
{
  gsl_matrix *dx = gsl_matrix_alloc (dout->size1, W->size1);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, dx);
  return dx;
}

static gsl_matrix *
relu_backward (const gsl_matrix *dout, const gsl_matrix *z)
{
  gsl_matrix *dz = gsl_matrix_alloc (dout->size1, dout->size2);
  size_t i, j;
  for (i = 0; i < dz->size1; i++)
    for (j = 0; j < dz->size2; j++)
      gsl_matrix_set (dz, i, j,
                      gsl_matrix_get (z, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0);
  return dz;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *dz2 = loss_backward (cache->prob, y);
  gsl_matrix *dW2 = weight_backward (cache->p1, dz2, net->W2, reg);
  gsl_vector *db2 = bias_backward (dz2);
  gsl_matrix *dp1 = input_backward (dz2, net->W2);
  gsl_matrix *dz1 = relu_backward (dp1, cache->z1);
  gsl_matrix *dW1 = weight_backward (X, dz1, net->W1, reg);
  gsl_vector *db1;
  size_t j;

  /* db1 by hand, the same thing as bias_backward */
  db1 = gsl_vector_calloc (net->H);
  for (j = 0; j < net->H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dz1, j);
      double s = 0.0;
      size_t i;
      for (i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (db1, j, s);
    }

  gsl_matrix_memcpy (g->dz2, dz2);
  gsl_matrix_memcpy (g->dW2, dW2);
  gsl_vector_memcpy (g->db2, db2);
  gsl_matrix_memcpy (g->dp1, dp1);
  gsl_matrix_memcpy (g->dz1, dz1);
  gsl_matrix_memcpy (g->dW1, dW1);
  gsl_vector_memcpy (g->db1, db1);
  g->present = BP_GRADS_ALL;

  gsl_matrix_free (dz2);
  gsl_matrix_free (dW2);
  gsl_vector_free (db2);
  gsl_matrix_free (dp1);
  gsl_matrix_free (dz1);
  gsl_matrix_free (dW1);
  gsl_vector_free (db1);
  return 0;
}
