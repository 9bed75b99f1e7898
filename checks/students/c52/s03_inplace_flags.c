/* backward.c -- NN course, lab "backprop by hand"
   Author: Jonas Weber

   My layer API works in place where it can (fewer temporaries), and the
   matrix product takes an `accumulate' flag like BLAS's beta, so the
   weight decay can be put into dW first and the product added on top.
   The decay coefficient is passed as lambda2 = 2 * reg, i.e. the
   derivative of reg * |W|^2, so the helper does not care which
   convention the loss uses.  Raw ->data with tda everywhere.  */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A' B, or C += A' B when accumulate is set.
   A (n x a), B (n x b), C (a x b).  */
static void
gemm_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C,
         int accumulate)
{
  size_t n = A->size1, r, c, k;

  for (r = 0; r < C->size1; r++)
    for (c = 0; c < C->size2; c++)
      {
        double s = accumulate ? C->data[r * C->tda + c] : 0.0;
        for (k = 0; k < n; k++)
          s += A->data[k * A->tda + r] * B->data[k * B->tda + c];
        C->data[r * C->tda + c] = s;
      }
}

/* C = A B'.  A (n x m), B (k x m), C (n x k).  */
static void
gemm_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t m = A->size2, r, c, k;

  for (r = 0; r < C->size1; r++)
    for (c = 0; c < C->size2; c++)
      {
        double s = 0.0;
        for (k = 0; k < m; k++)
          s += A->data[r * A->tda + k] * B->data[c * B->tda + k];
        C->data[r * C->tda + c] = s;
      }
}

/* On entry d holds softmax(z2); on exit (prob - onehot(y)) / N.  */
static void
softmax_ce_backward_inplace (gsl_matrix *d, const size_t *y)
{
  size_t N = d->size1, i, k;

  for (i = 0; i < N; i++)
    {
      double *row = d->data + i * d->tda;
      row[y[i]] -= 1.0;
      for (k = 0; k < d->size2; k++)
        row[k] /= (double) N;
    }
}

/* d = d .* [z > 0], in place.  */
static void
relu_backward_inplace (gsl_matrix *d, const gsl_matrix *z)
{
  size_t i, j;

  for (i = 0; i < d->size1; i++)
    for (j = 0; j < d->size2; j++)
      if (!(z->data[i * z->tda + j] > 0.0))
        d->data[i * d->tda + j] = 0.0;
}

/* db = sum over the rows of dout */
static void
bias_backward (const gsl_matrix *dout, gsl_vector *db)
{
  size_t i, j;

  for (j = 0; j < dout->size2; j++)
    db->data[j * db->stride] = 0.0;
  for (i = 0; i < dout->size1; i++)
    for (j = 0; j < dout->size2; j++)
      db->data[j * db->stride] += dout->data[i * dout->tda + j];
}

/* dW = lambda2 W + in' dout,  db = colsum dout,  din = dout W' (unless NULL) */
static void
dense_backward (const gsl_matrix *in, const gsl_matrix *W,
                const gsl_matrix *dout, double lambda2,
                gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
  gsl_matrix_memcpy (dW, W);
  gsl_matrix_scale (dW, lambda2);
  gemm_tn (in, dout, dW, 1);
  bias_backward (dout, db);
  if (din != NULL)
    gemm_nt (dout, W, din);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* output layer: softmax + cross-entropy, in place on a copy of prob */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  softmax_ce_backward_inplace (g->dz2, y);

  dense_backward (cache->p1, net->W2, g->dz2, 2.0 * reg,
                  g->dW2, g->db2, g->dp1);

  /* relu: copy first, so dp1 stays what it was */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  relu_backward_inplace (g->dz1, cache->z1);

  dense_backward (X, net->W1, g->dz1, 2.0 * reg, g->dW1, g->db1, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
