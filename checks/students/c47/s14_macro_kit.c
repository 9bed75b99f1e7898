/*******************************************************
 * backward.c  -  Homework: backprop for 2-layer net
 *
 * the little macros at the top come from a gist someone
 * posted in the course forum ("NN helpers in plain C").
 *******************************************************/

#include "backprop.h"

/* ---- helpers from the gist ---- */
#define MAX(a,b)      ((a) > (b) ? (a) : (b))
#define SQ(x)         ((x) * (x))
#define DRELU(x)      x > 0.0 ? 1.0 : 0.0
#define M(m,i,j)      ((m)->data[(i) * (m)->tda + (j)])
/* ------------------------------- */

#define MAXH 1024

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t i, j, k;
  double dhid[MAXH];
  double s;

  if (H > MAXH)
  {
    return 1;
  }
  if (N != cache->N)
  {
    return 1;
  }

  /* output layer */
  for (i = 0; i < N; i++)
  {
    for (k = 0; k < C; k++)
    {
      M(g->dz2, i, k) = M(cache->prob, i, k);
    }
    M(g->dz2, i, y[i]) -= 1.0;
    for (k = 0; k < C; k++)
    {
      M(g->dz2, i, k) /= (double) N;
    }
  }
  for (j = 0; j < H; j++)
  {
    for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
      {
        s += M(cache->p1, i, j) * M(g->dz2, i, k);
      }
      M(g->dW2, j, k) = s + 2.0 * reg * M(net->W2, j, k);
    }
  }
  for (k = 0; k < C; k++)
  {
    s = 0.0;
    for (i = 0; i < N; i++)
    {
      s += M(g->dz2, i, k);
    }
    gsl_vector_set(g->db2, k, s);
  }

  /* hidden layer */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (k = 0; k < C; k++)
      {
        s += M(g->dz2, i, k) * M(net->W2, j, k);
      }
      dhid[j] = s;
    }
    for (j = 0; j < H; j++)
    {
      M(g->dp1, i, j) = dhid[j];
      M(g->dz1, i, j) = dhid[j] * DRELU(M(cache->z1, i, j));
    }
  }
  for (k = 0; k < D; k++)
  {
    for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
      {
        s += M(X, i, k) * M(g->dz1, i, j);
      }
      M(g->dW1, k, j) = s + 2.0 * reg * M(net->W1, k, j);
    }
  }
  for (j = 0; j < H; j++)
  {
    s = 0.0;
    for (i = 0; i < N; i++)
    {
      s += M(g->dz1, i, j);
    }
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
