/* Backward pass, assignment 2 (Introduction to Machine Learning).
 * Each step has its own temporary with a descriptive name; a macro keeps
 * the loops short. */

#include "backprop.h"

#define LOOP(var, n) for (size_t var = 0; var < (n); var++)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* Step 1.  dL/dz2 = 1/N (softmax probabilities - one hot labels) */
  gsl_matrix *softmax_probabilities = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (softmax_probabilities, cache->prob);
  gsl_matrix *one_hot = gsl_matrix_calloc (N, C);
  LOOP (n, N)
    gsl_matrix_set (one_hot, n, y[n], 1.0);
  gsl_matrix_scale (softmax_probabilities, 1.0 / (double) N);   /* the 1/N of the mean */
  gsl_matrix *probabilities_minus_one_hot = gsl_matrix_alloc (N, C);
  LOOP (n, N)
    LOOP (c, C)
      gsl_matrix_set (probabilities_minus_one_hot, n, c,
                      gsl_matrix_get (softmax_probabilities, n, c) - gsl_matrix_get (one_hot, n, c));
  gsl_matrix_memcpy (g->dz2, probabilities_minus_one_hot);
  gsl_matrix_free (softmax_probabilities);
  gsl_matrix_free (one_hot);
  gsl_matrix_free (probabilities_minus_one_hot);

  /* Step 2.  dL/dW2 = p1^T dz2 + 2 reg W2 */
  LOOP (h, H)
    LOOP (c, C)
      {
        double p1_T_dz2 = 0.0;
        LOOP (n, N)
          p1_T_dz2 += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, p1_T_dz2 + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
      }

  /* Step 3.  dL/db2 = sum_n dz2[n, :] */
  LOOP (c, C)
    {
      double sum_dz2 = 0.0;
      LOOP (n, N)
        sum_dz2 += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, sum_dz2);
    }

  /* Step 4.  dL/dp1 = dz2 W2^T */
  LOOP (n, N)
    LOOP (h, H)
      {
        double dz2_W2_T = 0.0;
        LOOP (c, C)
          dz2_W2_T += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, dz2_W2_T);
      }

  /* Step 5.  dL/dz1 = dp1 (elementwise) relu'(z1) */
  LOOP (n, N)
    LOOP (h, H)
      {
        double relu_derivative = gsl_matrix_get (cache->z1, n, h) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (g->dp1, n, h) * relu_derivative);
      }

  /* Step 6.  dL/dW1 = X^T dz1 + 2 reg W1 */
  LOOP (d, D)
    LOOP (h, H)
      {
        double X_T_dz1 = 0.0;
        LOOP (n, N)
          X_T_dz1 += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, X_T_dz1 + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }

  /* Step 7.  dL/db1 = sum_n dz1[n, :] */
  LOOP (h, H)
    {
      double sum_dz1 = 0.0;
      LOOP (n, N)
        sum_dz1 += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, sum_dz1);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
