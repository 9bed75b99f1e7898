/* backward.c -- HW3 part 2, backprop for the 2 layer net
 *
 * I did this the same way as ex4 from the Coursera ML course (nnCostFunction.m),
 * one training example at a time, "for t = 1:m".  Indices are 1-based in the
 * macros below so that the code reads like the .m file, the macros do the -1.
 *
 * Octave original (my version from last year, sizes changed to this net):
 *   for t = 1:m
 *     delta3 = a3(t,:) - Y(t,:);
 *     Delta2 = Delta2 + a2(t,:)' * delta3;
 *     delta2 = (delta3 * Theta2') .* (z2(t,:) > 0);
 *     Delta1 = Delta1 + X(t,:)' * delta2;
 *   end
 *   Theta1_grad = Delta1 / m + 2*lambda*Theta1;   % NO 1/2 in this course!
 */

#include <stdlib.h>
#include "backprop.h"

/* 1-based access, (row, col) like Octave */
#define GET(M, i, j)     gsl_matrix_get ((M), (i) - 1, (j) - 1)
#define SET(M, i, j, v)  gsl_matrix_set ((M), (i) - 1, (j) - 1, (v))
#define ADD(M, i, j, v)  SET (M, i, j, GET (M, i, j) + (v))
#define VGET(v, i)       gsl_vector_get ((v), (i) - 1)
#define VSET(v, i, x)    gsl_vector_set ((v), (i) - 1, (x))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1;
  size_t n = net->D, h = net->H, K = net->C;
  size_t t, i, j, k;
  double lambda = reg;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  gsl_matrix *a2 = cache->p1;      /* hidden activations */
  gsl_matrix *z2 = cache->z1;      /* ex4 numbering: z2 is the hidden pre-activation */
  gsl_matrix *a3 = cache->prob;

  double *delta3 = malloc (K * sizeof (double));
  double *delta2 = malloc (h * sizeof (double));
  if (!delta3 || !delta2)
    {
      free (delta3);
      free (delta2);
      return 1;
    }

  /* Delta1 = zeros(size(Theta1)); Delta2 = zeros(size(Theta2)); */
  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (t = 1; t <= m; t++)
    {
      /* delta3 = a3(t,:) - Y(t,:)   (y is 0-based in C, so class y+1) */
      for (k = 1; k <= K; k++)
        delta3[k - 1] = GET (a3, t, k) - (k == y[t - 1] + 1 ? 1.0 : 0.0);

      /* Delta2 = Delta2 + a2(t,:)' * delta3 */
      for (j = 1; j <= h; j++)
        for (k = 1; k <= K; k++)
          ADD (g->dW2, j, k, GET (a2, t, j) * delta3[k - 1]);
      for (k = 1; k <= K; k++)
        VSET (g->db2, k, VGET (g->db2, k) + delta3[k - 1]);

      /* delta2 = (delta3 * Theta2') .* (z2(t,:) > 0) -- keep the part before
       * the .* for dp1 */
      for (j = 1; j <= h; j++)
        {
          double s = 0.0;
          for (k = 1; k <= K; k++)
            s += delta3[k - 1] * GET (net->W2, j, k);
          SET (g->dp1, t, j, s / m);
          delta2[j - 1] = GET (z2, t, j) > 0 ? s : 0.0;
          SET (g->dz1, t, j, delta2[j - 1] / m);
        }

      /* Delta1 = Delta1 + X(t,:)' * delta2 */
      for (i = 1; i <= n; i++)
        for (j = 1; j <= h; j++)
          ADD (g->dW1, i, j, GET (X, t, i) * delta2[j - 1]);
      for (j = 1; j <= h; j++)
        VSET (g->db1, j, VGET (g->db1, j) + delta2[j - 1]);

      for (k = 1; k <= K; k++)
        SET (g->dz2, t, k, delta3[k - 1] / m);
    }

  /* Theta_grad = Delta / m + 2*lambda*Theta */
  for (j = 1; j <= h; j++)
    for (k = 1; k <= K; k++)
      SET (g->dW2, j, k, GET (g->dW2, j, k) / m + 2 * lambda * GET (net->W2, j, k));
  for (i = 1; i <= n; i++)
    for (j = 1; j <= h; j++)
      SET (g->dW1, i, j, GET (g->dW1, i, j) / m + 2 * lambda * GET (net->W1, i, j));
  gsl_vector_scale (g->db2, 1.0 / m);   /* no lambda on the biases */
  gsl_vector_scale (g->db1, 1.0 / m);

  free (delta3);
  free (delta2);
  g->present = BP_GRADS_ALL;
  return 0;
}
