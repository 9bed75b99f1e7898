/*
 * backward.c -- backward pass of the two-layer network
 *
 * Style: every step is a function that gives back a new gsl_matrix, so the
 * upstream gradients are never modified.  Copy into g, free, done.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *
softmax_backward (const gsl_matrix *probs, const size_t *labels)
{
  size_t i, n = probs->size1;
  gsl_matrix *d = gsl_matrix_alloc (n, probs->size2);
  gsl_matrix_memcpy (d, probs);
  for (i = 0; i < n; i++)
    gsl_matrix_set (d, i, labels[i], gsl_matrix_get (d, i, labels[i]) - 1.0);
  gsl_matrix_scale (d, 1.0 / n);
  return d;
}

static gsl_matrix *
dot_tn (const gsl_matrix *a, const gsl_matrix *b)
{
  gsl_matrix *c = gsl_matrix_alloc (a->size2, b->size2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, a, b, 0.0, c);
  return c;
}

static gsl_matrix *
dot_nt (const gsl_matrix *a, const gsl_matrix *b)
{
  gsl_matrix *c = gsl_matrix_alloc (a->size1, b->size1);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, a, b, 0.0, c);
  return c;
}

/* relu: copy the upstream gradient, zero it where z <= 0 */
static gsl_matrix *
relu_backward (gsl_matrix *dh, const gsl_matrix *z)
{
  gsl_matrix *out = gsl_matrix_alloc (dh->size1, dh->size2);
  size_t i, j;
  gsl_matrix_memcpy (out, dh);
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      if (gsl_matrix_get (z, i, j) <= 0.0)
        gsl_matrix_set (dh, i, j, 0.0);
  return out;
}

static gsl_vector *
sum_batch (const gsl_matrix *d)
{
  gsl_vector *s = gsl_vector_calloc (d->size2);
  size_t i;
  for (i = 0; i < d->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (d, i);
      gsl_blas_daxpy (1.0, &r.vector, s);
    }
  return s;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *dscores = softmax_backward (cache->prob, y);

  gsl_matrix *dW2 = dot_tn (cache->p1, dscores);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_matrix_add (g->dW2, dW2);        /* dW2 goes straight into g */
  gsl_vector *db2 = sum_batch (dscores);

  gsl_matrix *dhidden = dot_nt (dscores, net->W2);
  gsl_matrix *dz1 = relu_backward (dhidden, cache->z1);

  gsl_matrix *dW1 = dot_tn (X, dz1);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_matrix_add (g->dW1, dW1);
  gsl_vector *db1 = sum_batch (dz1);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_vector_memcpy (g->db2, db2);
  gsl_matrix_memcpy (g->dp1, dhidden);
  gsl_matrix_memcpy (g->dz1, dz1);
  gsl_vector_memcpy (g->db1, db1);
  g->present = BP_GRADS_ALL;

  gsl_matrix_free (dscores);
  gsl_matrix_free (dW2);
  gsl_vector_free (db2);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (dz1);
  gsl_matrix_free (dW1);
  gsl_vector_free (db1);
  return 0;
}
