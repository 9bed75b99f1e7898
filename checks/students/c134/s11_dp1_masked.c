/* backward.c -- one helper per step, all on raw row pointers. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* G = A' B + r W,  A (n, p), B (n, q), W and G (p, q) */
static void
grad_weights (const gsl_matrix *A, const gsl_matrix *B, const gsl_matrix *W,
              double r, gsl_matrix *G)
{
  size_t i, p, q;
  for (p = 0; p < G->size1; p++)
    {
      double *gr = G->data + p * G->tda;
      const double *wr = W->data + p * W->tda;
      for (q = 0; q < G->size2; q++)
        gr[q] = r * wr[q];
    }
  for (i = 0; i < A->size1; i++)
    {
      const double *ar = A->data + i * A->tda, *br = B->data + i * B->tda;
      for (p = 0; p < G->size1; p++)
        {
          double *gr = G->data + p * G->tda;
          for (q = 0; q < G->size2; q++)
            gr[q] += ar[p] * br[q];
        }
    }
}

static void
grad_bias (const gsl_matrix *B, gsl_vector *v)
{
  size_t i, q;
  for (q = 0; q < B->size2; q++)
    {
      double s = 0.0;
      for (i = 0; i < B->size1; i++)
        s += B->data[i * B->tda + q];
      gsl_vector_set (v, q, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j, k;

  if (N != cache->N || g->N != N || X->size2 != net->D)
    return 1;

  /* loss layer */
  for (i = 0; i < N; i++)
    {
      const double *pr = cache->prob->data + i * cache->prob->tda;
      double *dz = g->dz2->data + i * g->dz2->tda;
      for (k = 0; k < C; k++)
        dz[k] = (pr[k] - (k == y[i])) / N;
    }

  grad_weights (cache->p1, g->dz2, net->W2, 2 * reg, g->dW2);
  grad_bias (g->dz2, g->db2);

  /* into the hidden layer: only units that fired get a gradient */
  for (i = 0; i < N; i++)
    {
      const double *dz = g->dz2->data + i * g->dz2->tda;
      const double *hid = cache->p1->data + i * cache->p1->tda;
      double *dp = g->dp1->data + i * g->dp1->tda;
      for (j = 0; j < H; j++)
        {
          const double *w = net->W2->data + j * net->W2->tda;
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += dz[k] * w[k];
          dp[j] = hid[j] > 0 ? s : 0.0;
        }
    }

  /* relu */
  for (i = 0; i < N; i++)
    {
      const double *z = cache->z1->data + i * cache->z1->tda;
      const double *dp = g->dp1->data + i * g->dp1->tda;
      double *dz = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        dz[j] = z[j] > 0 ? dp[j] : 0.0;
    }

  grad_weights (X, g->dz1, net->W1, 2 * reg, g->dW1);
  grad_bias (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
