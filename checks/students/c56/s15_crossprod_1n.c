/* STAT 4630 - HW6 - backward pass
 *
 * crossprod(A, B, a) = a * t(A) %*% B, written with ->data so I can
 * reuse it from HW4 (logistic regression: grad = (1/n) t(X) %*% (p - y)).
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* OUT = a * t(A) %*% B ;  A is n x p, B is n x q, OUT is p x q */
static void crossprod (const gsl_matrix *A, const gsl_matrix *B, double a, gsl_matrix *OUT)
{
  size_t n = A->size1, p = A->size2, q = B->size2;
  size_t i, j, r;
  for (j = 1; j <= q; j++)
    for (r = 1; r <= p; r++)
      {
        double s = 0.0;
        for (i = 1; i <= n; i++)
          s += A->data[(i - 1) * A->tda + (r - 1)] * B->data[(i - 1) * B->tda + (j - 1)];
        OUT->data[(r - 1) * OUT->tda + (j - 1)] = a * s;
      }
}

/* W_grad = W_grad + 2 lambda W */
static void add_ridge (gsl_matrix *G, const gsl_matrix *W, double lambda)
{
  size_t i, j;
  for (j = 1; j <= W->size2; j++)
    for (i = 1; i <= W->size1; i++)
      G->data[(i - 1) * G->tda + (j - 1)] += 2.0 * lambda * W->data[(i - 1) * W->tda + (j - 1)];
}

static void sum_cols (const gsl_matrix *A, gsl_vector *s)
{
  size_t i, j;
  for (j = 1; j <= A->size2; j++)
    {
      double t = 0.0;
      for (i = 1; i <= A->size1; i++)
        t += A->data[(i - 1) * A->tda + (j - 1)];
      s->data[(j - 1) * s->stride] = t;
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n_obs = X->size1, n_hidden = net->H, n_class = net->C;
  double lambda = reg;
  size_t i, j, k;

  if (n_obs != cache->N || X->size2 != net->D || g->N != n_obs)
    return 1;

  gsl_matrix *Delta2 = g->dz2, *Delta1 = g->dz1, *dA1 = g->dp1;

  /* Delta2 = (P - Y) / n */
  for (k = 1; k <= n_class; k++)
    for (i = 1; i <= n_obs; i++)
      {
        double pik = cache->prob->data[(i - 1) * cache->prob->tda + (k - 1)];
        double yik = (y[i - 1] + 1 == k) ? 1.0 : 0.0;
        Delta2->data[(i - 1) * Delta2->tda + (k - 1)] = (pik - yik) / n_obs;
      }

  /* grad_W2 = t(A1) Delta2 + 2 lambda W2 */
  crossprod (cache->p1, Delta2, 1.0, g->dW2);
  add_ridge (g->dW2, net->W2, lambda);

  sum_cols (Delta2, g->db2);

  /* dA1 = Delta2 t(W2) */
  for (j = 1; j <= n_hidden; j++)
    for (i = 1; i <= n_obs; i++)
      {
        double s = 0.0;
        for (k = 1; k <= n_class; k++)
          s += Delta2->data[(i - 1) * Delta2->tda + (k - 1)] * net->W2->data[(j - 1) * net->W2->tda + (k - 1)];
        dA1->data[(i - 1) * dA1->tda + (j - 1)] = s;
      }

  /* Delta1 = dA1 * (Z1 > 0) */
  for (j = 1; j <= n_hidden; j++)
    for (i = 1; i <= n_obs; i++)
      {
        double z = cache->z1->data[(i - 1) * cache->z1->tda + (j - 1)];
        Delta1->data[(i - 1) * Delta1->tda + (j - 1)] =
          (z > 0) ? dA1->data[(i - 1) * dA1->tda + (j - 1)] : 0.0;
      }

  /* grad_W1 = (1/n) t(X) Delta1 + 2 lambda W1 */
  crossprod (X, Delta1, 1.0 / n_obs, g->dW1);
  add_ridge (g->dW1, net->W1, lambda);

  sum_cols (Delta1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
