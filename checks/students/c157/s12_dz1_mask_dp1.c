/* HW3 -- backward()
 * port of my numpy version:
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *   dW2 = h.T @ dscores + 2*reg*W2 ; db2 = dscores.sum(0)
 *   dh = dscores @ W2.T ; dh[dh < 0] = 0 ... (relu)
 *   dW1 = X.T @ dh + 2*reg*W1 ; db1 = dh.sum(0)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double dscores[N][C];
  double dh[N][H];
  double dW2[H][C];
  double dW1[D][H];
  gsl_matrix_view dscores_m = gsl_matrix_view_array (*dscores, N, C);
  gsl_matrix_view dh_m = gsl_matrix_view_array (*dh, N, H);
  gsl_matrix_view dW2_m = gsl_matrix_view_array (*dW2, H, C);
  gsl_matrix_view dW1_m = gsl_matrix_view_array (*dW1, D, H);

  // dscores = probs, -1 at the label, / N
  gsl_matrix_memcpy (&dscores_m.matrix, cache->prob);
  for (size_t i = 0; i < N; i++)
    dscores[i][y[i]] -= 1;
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      dscores[i][c] /= (double) N;
  gsl_matrix_memcpy (g->dz2, &dscores_m.matrix);

  // dW2
  gsl_matrix_memcpy (&dW2_m.matrix, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, &dscores_m.matrix,
                  2 * reg, &dW2_m.matrix);
  gsl_matrix_memcpy (g->dW2, &dW2_m.matrix);

  // db2
  for (size_t c = 0; c < C; c++)
    {
      double t = 0;
      for (size_t i = 0; i < N; i++)
        t += dscores[i][c];
      gsl_vector_set (g->db2, c, t);
    }

  // dh
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dscores_m.matrix, net->W2,
                  0.0, &dh_m.matrix);
  gsl_matrix_memcpy (g->dp1, &dh_m.matrix);

  // relu backward, in place
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      if (dh[i][j] < 0)
        dh[i][j] = 0;
  gsl_matrix_memcpy (g->dz1, &dh_m.matrix);

  // dW1
  gsl_matrix_memcpy (&dW1_m.matrix, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &dh_m.matrix,
                  2 * reg, &dW1_m.matrix);
  gsl_matrix_memcpy (g->dW1, &dW1_m.matrix);

  // db1
  for (size_t j = 0; j < H; j++)
    {
      double t = 0;
      for (size_t i = 0; i < N; i++)
        t += dh[i][j];
      gsl_vector_set (g->db1, j, t);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
