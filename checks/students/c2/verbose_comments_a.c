/*
 * ============================================================
 *  Backward pass of the two-layer network
 * ============================================================
 *
 *  Forward pass (already done for us, results in `cache`):
 *      z1 = X W1 + b1          (N x H)
 *      p1 = max(0, z1)         (N x H)
 *      z2 = p1 W2 + b2         (N x C)
 *      prob = softmax(z2)      (N x C)
 *
 *  Loss:
 *      L = (1/N) sum_i -log prob[i][y_i] + reg (|W1|^2 + |W2|^2)
 *
 *  We go backwards through each step with the chain rule.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  /* ---- sizes ---- */
  size_t N = X->size1;   /* number of samples   */
  size_t D = net->D;     /* number of inputs    */
  size_t H = net->H;     /* number of hidden    */
  size_t C = net->C;     /* number of classes   */

  /* ------------------------------------------------------------
   * Step 1: gradient of the loss with respect to the scores z2.
   * For softmax + cross-entropy this is prob - onehot(y), and the
   * mean over the batch gives the factor 1/N.
   * ------------------------------------------------------------ */
  for (size_t i = 0; i < N; i++)
    {
      for (size_t c = 0; c < C; c++)
        {
          double indicator = (c == y[i]) ? 1.0 : 0.0;   /* onehot */
          double value = gsl_matrix_get (cache->prob, i, c) - indicator;
          gsl_matrix_set (g->dz2, i, c, value / (double) N);
        }
    }

  /* ------------------------------------------------------------
   * Step 2: W2.  z2 = p1 W2, so dL/dW2 = p1^T dz2.  The reg term
   * reg |W2|^2 adds 2 reg W2.
   * ------------------------------------------------------------ */
  for (size_t h = 0; h < H; h++)
    {
      for (size_t c = 0; c < C; c++)
        {
          double total = 0.0;
          for (size_t i = 0; i < N; i++)
            {
              total += gsl_matrix_get (cache->p1, i, h)
                       * gsl_matrix_get (g->dz2, i, c);
            }
          total += 2.0 * reg * gsl_matrix_get (net->W2, h, c);   /* reg */
          gsl_matrix_set (g->dW2, h, c, total);
        }
    }

  /* ------------------------------------------------------------
   * Step 3: b2.  Each sample adds b2, so sum dz2 over samples.
   * ------------------------------------------------------------ */
  for (size_t c = 0; c < C; c++)
    {
      double total = 0.0;
      for (size_t i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, total);
    }

  /* ------------------------------------------------------------
   * Step 4: p1.  dL/dp1 = dz2 W2^T.
   * ------------------------------------------------------------ */
  for (size_t i = 0; i < N; i++)
    {
      for (size_t h = 0; h < H; h++)
        {
          double total = 0.0;
          for (size_t c = 0; c < C; c++)
            total += gsl_matrix_get (g->dz2, i, c)
                     * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, i, h, total);
        }
    }

  /* ------------------------------------------------------------
   * Step 5: through the ReLU.  The ReLU passes the gradient where
   * it is positive and blocks it elsewhere.
   * ------------------------------------------------------------ */
  for (size_t i = 0; i < N; i++)
    {
      for (size_t h = 0; h < H; h++)
        {
          double upstream = gsl_matrix_get (g->dp1, i, h);
          double passed = (upstream > 0.0) ? upstream : 0.0;   /* relu */
          gsl_matrix_set (g->dz1, i, h, passed);
        }
    }

  /* ------------------------------------------------------------
   * Step 6: W1.  z1 = X W1, so dL/dW1 = X^T dz1, plus 2 reg W1.
   * ------------------------------------------------------------ */
  for (size_t d = 0; d < D; d++)
    {
      for (size_t h = 0; h < H; h++)
        {
          double total = 0.0;
          for (size_t i = 0; i < N; i++)
            total += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
          total += 2.0 * reg * gsl_matrix_get (net->W1, d, h);   /* reg */
          gsl_matrix_set (g->dW1, d, h, total);
        }
    }

  /* ------------------------------------------------------------
   * Step 7: b1.  Sum dz1 over the samples.
   * ------------------------------------------------------------ */
  for (size_t h = 0; h < H; h++)
    {
      double total = 0.0;
      for (size_t i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, total);
    }

  /* all seven gradients are filled in */
  g->present = BP_GRADS_ALL;
  return 0;
}
