/* backward.c -- homework 3, two-layer net
 *
 * work->mask holds [z1 > 0]; work->dh the gradient at the hidden layer.
 * The workspace is calloc'd on the first call (so it starts at zero) and
 * freed before returning.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

typedef struct
{
  gsl_matrix *dz2, *dh, *mask;
  gsl_vector *ones;
} work_t;

static work_t *work;

static work_t *
work_alloc (size_t N, size_t H, size_t C)
{
  work_t *w = calloc (1, sizeof *w);
  if (w == NULL)
    return NULL;
  w->dz2 = gsl_matrix_calloc (N, C);
  w->dh = gsl_matrix_calloc (N, H);
  w->mask = gsl_matrix_calloc (N, H);
  w->ones = gsl_vector_alloc (N);
  gsl_vector_set_all (w->ones, 1.0);
  return w;
}

static void
work_release (void)
{
  gsl_matrix_free (work->dz2);
  gsl_matrix_free (work->dh);
  gsl_matrix_free (work->mask);
  gsl_vector_free (work->ones);
  free (work);
  work = NULL;
}

/* stage: relu backward, dh .*= mask */
static void
relu_back (void)
{
  gsl_matrix_mul_elements (work->dh, work->mask);
}

/* stage: the mask itself */
static void
make_mask (const gsl_matrix *z1)
{
  size_t i, j;
  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      gsl_matrix_set (work->mask, i, j, gsl_matrix_get (z1, i, j) > 0 ? 1.0 : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  if (work == NULL && (work = work_alloc (N, net->H, net->C)) == NULL)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (work->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (work->dz2, i, y[i], gsl_matrix_get (work->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (work->dz2, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, work->dz2);

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, work->dz2,
                  2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, work->dz2, work->ones, 0.0, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, work->dz2, net->W2, 0.0, work->dh);
  gsl_matrix_memcpy (g->dp1, work->dh);

  /* dz1 */
  relu_back ();
  make_mask (cache->z1);
  gsl_matrix_memcpy (g->dz1, work->dh);

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, work->dh, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, work->dh, work->ones, 0.0, g->db1);

  work_release ();
  g->present = BP_GRADS_ALL;
  return 0;
}
