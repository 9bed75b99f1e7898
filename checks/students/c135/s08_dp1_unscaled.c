/* backward.c
 * Stage 1 leaves (prob - onehot) in the workspace and the scaled version
 * in g->dz2; the later stages read whichever they need.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

typedef struct {
  size_t N, H, C;
  gsl_matrix *delta;     /* prob - onehot(y) */
  gsl_matrix *hid;       /* gradient at the hidden layer */
} scratch_t;

static scratch_t *S = NULL;

static scratch_t *scratch_get (size_t N, size_t H, size_t C)
{
  if (S == NULL) {
    S = malloc (sizeof *S);
    if (S == NULL) return NULL;
    S->N = N; S->H = H; S->C = C;
    S->delta = gsl_matrix_alloc (N, C);
    S->hid = gsl_matrix_alloc (N, H);
  }
  return S;
}

static void scratch_drop (void)
{
  if (S) {
    gsl_matrix_free (S->delta);
    gsl_matrix_free (S->hid);
    free (S);
  }
  S = NULL;
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;
  if (scratch_get (N, net->H, net->C) == NULL) return 1;
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* stage 1 */
  gsl_matrix_memcpy (S->delta, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (S->delta, i, y[i], gsl_matrix_get (S->delta, i, y[i]) - 1);
  gsl_matrix_memcpy (g->dz2, S->delta);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* stage 2: W2 and b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* stage 3: hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, S->delta, net->W2, 0.0, S->hid);
  gsl_matrix_memcpy (g->dp1, S->hid);

  /* stage 4: relu backward */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (S->hid, i, j, 0);
  gsl_matrix_memcpy (g->dz1, S->hid);

  /* stage 5: W1 and b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, S->hid, 2 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, S->hid, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  scratch_drop ();
  g->present = BP_GRADS_ALL;
  return 0;
}
