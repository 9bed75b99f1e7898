/* =========================================================
 *  backward.c    Machine Learning I  --  homework 4
 *  the backward pass of the two layer net
 * ========================================================= */

#include "backprop/net.h"
#include "backprop/grads.h"

/* loop macro so the loops are shorter */
#define FOR(var, n) for (var = 0; var < (n); var++)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = X->size2;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j, c, d;
  double tmp;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  /* scores_grad = (probs - y_onehot) / N */
  FOR (i, N)
    FOR (c, C)
      {
        tmp = gsl_matrix_get (cache->prob, i, c);
        if (c == y[i])
          tmp -= 1.0;
        gsl_matrix_set (g->dz2, i, c, tmp / N);
      }

  /* W2_grad = p1^T . scores_grad + 2 reg W2 */
  FOR (j, H)
    FOR (c, C)
      {
        tmp = 0.0;
        FOR (i, N)
          tmp += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, c);
        gsl_matrix_set (g->dW2, j, c, tmp + 2.0 * reg * gsl_matrix_get (net->W2, j, c));
      }

  /* b2_grad = column sums of scores_grad */
  FOR (i, N)
    FOR (c, C)
      gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + gsl_matrix_get (g->dz2, i, c));

  /* hidden_grad = scores_grad . W2^T */
  FOR (i, N)
    FOR (j, H)
      {
        tmp = 0.0;
        FOR (c, C)
          tmp += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, j, c);
        gsl_matrix_set (g->dp1, i, j, tmp);
      }

  /* relu_grad = hidden_grad masked by (z1 > 0) */
  FOR (i, N)
    FOR (j, H)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          tmp = gsl_matrix_get (g->dp1, i, j);
        else
          tmp = 0.0;
        gsl_matrix_set (g->dz1, i, j, tmp);
      }

  /* W1_grad = X^T . relu_grad + 2 reg W1 */
  FOR (d, D)
    FOR (j, H)
      {
        tmp = 0.0;
        FOR (i, N)
          tmp += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, d, j, tmp + 2.0 * reg * gsl_matrix_get (net->W1, d, j));
      }

  /* b1_grad = column sums of relu_grad */
  FOR (j, H)
    {
      tmp = 0.0;
      FOR (i, N)
        tmp += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, tmp);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
