/* backward.c
 *
 * Lab 4 -- backprop through the 2-layer net, "layers" style.
 * Marco B. / group 7
 *
 * Notes to self:
 *  - dW = x^T dout + 2 reg W.  I put 2 reg W into dW FIRST and then let
 *    dgemm add x^T dout on top of it with beta = 1.  One call less.
 *  - db with dgemv against a vector of ones (dout^T * 1).
 *  - relu backward is done in place on a copy of the upstream.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

struct affine_grads {
  gsl_matrix *dx;     /* may be NULL */
  gsl_matrix *dw;
  gsl_vector *db;
};

static int softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                                  gsl_matrix *dscores);
static int affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                            const gsl_matrix *w, double reg,
                            struct affine_grads *out);
static int relu_backward (const gsl_matrix *dout, const gsl_matrix *z,
                          gsl_matrix *dz);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct affine_grads second = { g->dp1, g->dW2, g->db2 };
  struct affine_grads first = { NULL, g->dW1, g->db1 };
  int err = 0;

  if (X->size1 != cache->N || g->N != X->size1 || X->size2 != net->D)
    return 1;

  err |= softmax_loss_backward (cache->prob, y, g->dz2);
  err |= affine_backward (g->dz2, cache->p1, net->W2, reg, &second);
  err |= relu_backward (g->dp1, cache->z1, g->dz1);
  err |= affine_backward (g->dz1, X, net->W1, reg, &first);

  g->present = BP_GRADS_ALL;
  return err;
}

/* dscores = probs/N, then -1/N at the true class */
static int
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t N = probs->size1, i;
  double invN = 1.0 / (double) N;

  gsl_matrix_memcpy (dscores, probs);
  gsl_matrix_scale (dscores, invN);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (dscores, i, y[i]) -= invN;
  return 0;
}

static int
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, double reg, struct affine_grads *out)
{
  gsl_vector *ones = gsl_vector_alloc (dout->size1);
  int err = 0;

  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  /* dw = 2 reg w, then dw += x^T dout */
  gsl_matrix_memcpy (out->dw, w);
  gsl_matrix_scale (out->dw, 2.0 * reg);
  err |= gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 1.0, out->dw);

  /* db = dout^T 1 */
  err |= gsl_blas_dgemv (CblasTrans, 1.0, dout, ones, 0.0, out->db);

  /* dx = dout w^T */
  if (out->dx)
    err |= gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, out->dx);

  gsl_vector_free (ones);
  return err;
}

static int
relu_backward (const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *dz)
{
  size_t i, j;

  gsl_matrix_memcpy (dz, dout);
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      if (gsl_matrix_get (z, i, j) <= 0.0)
        gsl_matrix_set (dz, i, j, 0.0);      /* dead unit */
  return 0;
}
