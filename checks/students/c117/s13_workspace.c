/* backward.c -- backward pass with an explicit workspace.
 *
 * All temporaries live in struct workspace: work_init() allocates (and
 * undoes a half-done allocation itself), work_free() releases, and
 * backward() calls work_free() on every path out after work_init().
 */
#include <assert.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct workspace
{
  gsl_matrix *p1t;              /* H x N, p1 transposed */
  gsl_matrix *xt;               /* D x N, X transposed */
  gsl_vector *ones;             /* N */
};

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
work_free (struct workspace *w)
{
  gsl_matrix_free (w->p1t);
  gsl_matrix_free (w->xt);
  gsl_vector_free (w->ones);
  w->p1t = w->xt = NULL;
  w->ones = NULL;
}

static int
work_init (struct workspace *w, size_t N, size_t D, size_t H)
{
  w->p1t = gsl_matrix_alloc (H, N);
  w->xt = gsl_matrix_alloc (D, N);
  w->ones = gsl_vector_alloc (N);
  if (w->p1t == NULL || w->xt == NULL || w->ones == NULL)
    {
      work_free (w);
      return GSL_ENOMEM;
    }
  gsl_vector_set_all (w->ones, 1.0);
  return GSL_SUCCESS;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct workspace w = { NULL, NULL, NULL };
  const size_t N = X->size1, D = X->size2, H = net->H;
  size_t i, j;
  int e;

  if (D != net->D || N != cache->N || N != g->N)
    return GSL_EBADLEN;
  assert (cache->p1->size1 == N && cache->p1->size2 == H);
  if ((e = work_init (&w, N, D, H)) != GSL_SUCCESS)
    return e;

  /* scores gradient */
  if ((e = gsl_matrix_memcpy (g->dz2, cache->prob)) != GSL_SUCCESS)
    goto done;
  for (i = 0; i < N; i++)
    {
      if (y[i] >= net->C)
        {
          e = GSL_EINVAL;
          goto done;
        }
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    }
  if ((e = gsl_matrix_scale (g->dz2, 1.0 / (double) N)) != GSL_SUCCESS)
    goto done;

  /* output layer: dW2 = p1t dz2 + 2 reg W2, db2 = dz2^T 1, dp1 = dz2 W2^T */
  if ((e = gsl_matrix_transpose_memcpy (w.p1t, cache->p1)) != GSL_SUCCESS)
    goto done;
  if ((e = gsl_matrix_memcpy (g->dW2, net->W2)) != GSL_SUCCESS)
    goto done;
  if ((e = gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, w.p1t, g->dz2,
                           2.0 * reg, g->dW2)) != GSL_SUCCESS)
    goto done;
  if ((e = gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, w.ones, 0.0, g->db2)))
    goto done;
  if ((e = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                           0.0, g->dp1)) != GSL_SUCCESS)
    goto done;

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double v = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? v : 0.0);
      }

  /* hidden layer: dW1 = xt dz1 + 2 reg W1, db1 = dz1^T 1 */
  if ((e = gsl_matrix_transpose_memcpy (w.xt, X)) != GSL_SUCCESS)
    goto done;
  if ((e = gsl_matrix_memcpy (g->dW1, net->W1)) != GSL_SUCCESS)
    goto done;
  if ((e = gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, w.xt, g->dp1,
                           2.0 * reg, g->dW1)) != GSL_SUCCESS)
    goto done;
  if ((e = gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, w.ones, 0.0, g->db1)))
    goto done;

  g->present = BP_GRADS_ALL;
done:
  work_free (&w);
  return e;
}
