/* backward.c  (hw3, part 2)
 * My own little helpers instead of BLAS.  EL(m,i,j) is the element, ROW(m,i)
 * the start of row i.  dz1 is done in place on a copy of dp1. */

#include "backprop.h"
#include <string.h>

#define ROW(m, i)    ((m)->data + (size_t) (i) * (m)->tda)
#define EL(m, i, j)  (ROW (m, i)[(j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A' B + c W ;  A (n, a), B (n, b), W and out (a, b) */
static void
tmul_plus (const gsl_matrix *A, const gsl_matrix *B, double c,
           const gsl_matrix *W, gsl_matrix *out)
{
  size_t n, r, s;
  for (r = 0; r < out->size1; r++)
    for (s = 0; s < out->size2; s++)
      EL (out, r, s) = c * EL (W, r, s);
  for (n = 0; n < A->size1; n++)
    {
      const double *a = ROW (A, n), *b = ROW (B, n);
      for (r = 0; r < A->size2; r++)
        {
          double *o = ROW (out, r);
          for (s = 0; s < B->size2; s++)
            o[s] += a[r] * b[s];
        }
    }
}

/* v = sum over the rows of A */
static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t n, s;
  gsl_vector_set_zero (v);
  for (n = 0; n < A->size1; n++)
    {
      const double *a = ROW (A, n);
      for (s = 0; s < A->size2; s++)
        v->data[s * v->stride] += a[s];
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, i, j, k;
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;

  if (n != cache->N || X->size2 != net->D || g->N != n)
    return 1;

  /* softmax + cross entropy: (probs - 1 at the label) / n */
  gsl_matrix_memcpy (dz2, cache->prob);
  for (i = 0; i < n; i++)
    EL (dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (dz2, 1.0 / n);

  tmul_plus (cache->p1, dz2, 2 * reg, net->W2, g->dW2);
  colsum (dz2, g->db2);

  /* dp1[i][j] = sum_k dz2[i][k] W2[j][k] */
  for (i = 0; i < n; i++)
    for (j = 0; j < net->H; j++)
      {
        const double *a = ROW (dz2, i), *w = ROW (net->W2, j);
        double acc = 0;
        for (k = 0; k < net->C; k++)
          acc += a[k] * w[k];
        EL (dp1, i, j) = acc;
      }

  /* relu backward, in place */
  gsl_matrix_memcpy (dz1, dp1);
  for (i = 0; i < n; i++)
    {
      double *d = ROW (dz1, i);
      const double *z = ROW (cache->z1, i);
      for (j = 0; j < net->H; j++)
        if (z[j] <= 0)
          d[j] = 0;
    }

  tmul_plus (X, dz1, 2 * reg, net->W1, g->dW1);
  colsum (dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
