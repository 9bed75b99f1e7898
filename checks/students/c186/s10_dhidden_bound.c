/* ------------------------------------------------------------
 *  Lab 3 - Backpropagation
 *  Do Minh Quan - 20195930
 * ------------------------------------------------------------ */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db[j] = sum_i dZ[i][j] */
static void bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j;
  for (j = 0; j < dZ->size2; j++)
    {
      double s = 0;
      for (i = 0; i < dZ->size1; i++)
        s = s + gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, s);
    }
}

/* dW = A^T dZ + 2 reg W ;  A (N x K), dZ (N x M), W and dW (K x M) */
static void weight_grad (const gsl_matrix *A, const gsl_matrix *dZ,
                         const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t i, a, m;
  for (a = 0; a < A->size2; a++)
    for (m = 0; m < dZ->size2; m++)
      {
        double s = 0;
        for (i = 0; i < A->size1; i++)
          s = s + gsl_matrix_get (A, i, a) * gsl_matrix_get (dZ, i, m);
        gsl_matrix_set (dW, a, m, s + 2 * reg * gsl_matrix_get (W, a, m));
      }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* (1) dscores */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (dscores, i, k, gsl_matrix_get (cache->prob, i, k) / N);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0 / N);

  /* (2) (3) second layer */
  weight_grad (cache->p1, dscores, net->W2, reg, g->dW2);
  bias_grad (dscores, g->db2);

  /* (4) dhidden = dscores . W2^T, sum over the C classes */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C - 1; k++)
          s = s + gsl_matrix_get (dscores, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (dhidden, i, j, s);
      }

  /* (5) relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                                    ? gsl_matrix_get (dhidden, i, j) : 0);

  /* (6) (7) first layer */
  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
