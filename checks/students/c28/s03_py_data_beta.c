/* fanxiang chuanbo (backward pass) -- zuoye er
 * Wang Hao  2021311457
 *
 * zhushi yong pinyin, bu hao yisi.  Zhijie yong ->data he tda,
 * bi gsl_matrix_get kuai.  tidu_W = 2*reg*W xian fang jinqu, ranhou
 * dgemm de beta = 1 ba p1^T dz2 jia shangqu.
 */

#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define ELEM(A, i, j) ((A)->data[(i) * (A)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* lie he: out[j] = sum_i A[i][j] */
static void
lie_he (gsl_vector *out, const gsl_matrix *A)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    out->data[j * out->stride] = 0.0;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      out->data[j * out->stride] += ELEM (A, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t yangben = X->size1;    /* yangben shu N */
  size_t leibie = net->C;       /* leibie shu C */
  size_t yincang = net->H;
  size_t i, j;

  if (yangben != cache->N || X->size2 != net->D)
    return 1;

  /* 1. tidu_z2 = (prob - onehot) / N */
  for (i = 0; i < yangben; i++)
    {
      for (j = 0; j < leibie; j++)
        ELEM (g->dz2, i, j) = ELEM (cache->prob, i, j) / (double) yangben;
      ELEM (g->dz2, i, y[i]) -= 1.0 / (double) yangben;
    }

  /* 2. tidu_W2 = 2 reg W2 + p1^T dz2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* 3. tidu_b2 */
  lie_he (g->db2, g->dz2);

  /* 4. tidu_p1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. tidu_z1: xian fuzhi dp1, z1 <= 0 de difang qingling */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < yangben; i++)
    for (j = 0; j < yincang; j++)
      if (ELEM (cache->z1, i, j) <= 0.0)
        ELEM (g->dz1, i, j) = 0.0;

  /* 6. tidu_W1 = 2 reg W1 + X^T dz1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* 7. tidu_b1 */
  lie_he (g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
