/* backward.c  --  ML course, exercise sheet 4
 *
 *   PRE = z1 (pre-activation), HID = p1 = relu(PRE), OUT = prob
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define INP(n,f)   X->data[(n)*X->tda + (f)]
#define WIN(f,h)   net->W1->data[(f)*net->W1->tda + (h)]
#define WOUT(h,c)  net->W2->data[(h)*net->W2->tda + (c)]
#define PRE(n,h)   cache->z1->data[(n)*cache->z1->tda + (h)]
#define HID(n,h)   cache->p1->data[(n)*cache->p1->tda + (h)]
#define OUT(n,c)   cache->prob->data[(n)*cache->prob->tda + (c)]

#define dOUT(n,c)  g->dz2->data[(n)*g->dz2->tda + (c)]
#define dWOUT(h,c) g->dW2->data[(h)*g->dW2->tda + (c)]
#define dBOUT(c)   g->db2->data[(c)*g->db2->stride]
#define dHID(n,h)  g->dp1->data[(n)*g->dp1->tda + (h)]
#define dPRE(n,h)  g->dz1->data[(n)*g->dz1->tda + (h)]
#define dWIN(f,h)  g->dW1->data[(f)*g->dW1->tda + (h)]
#define dBIN(h)    g->db1->data[(h)*g->db1->stride]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, F = net->D, H = net->H, C = net->C;
  size_t n, f, h, c;
  double *tmp;

  if (N != cache->N || X->size2 != F || g->N != N)
    return 1;
  tmp = malloc(H * sizeof *tmp);    /* one row of dHID */
  if (tmp == NULL)
    return 1;

  /* output layer gradient */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      dOUT(n,c) = (OUT(n,c) - (y[n] == c)) / (double) N;

  /* W_out, b_out */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += PRE(n,h) * dOUT(n,c);
      dWOUT(h,c) = acc + 2.0 * reg * WOUT(h,c);
    }
  for (c = 0; c < C; c++)
  {
    dBOUT(c) = 0.0;
    for (n = 0; n < N; n++)
      dBOUT(c) += dOUT(n,c);
  }

  /* hidden layer, one row at a time through tmp */
  for (n = 0; n < N; n++)
  {
    for (h = 0; h < H; h++)
    {
      tmp[h] = 0.0;
      for (c = 0; c < C; c++)
        tmp[h] += dOUT(n,c) * WOUT(h,c);
    }
    for (h = 0; h < H; h++)
    {
      dHID(n,h) = tmp[h];
      dPRE(n,h) = PRE(n,h) > 0.0 ? tmp[h] : 0.0;
    }
  }
  free(tmp);

  /* W_in, b_in */
  for (f = 0; f < F; f++)
    for (h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += INP(n,f) * dPRE(n,h);
      dWIN(f,h) = acc + 2.0 * reg * WIN(f,h);
    }
  for (h = 0; h < H; h++)
  {
    dBIN(h) = 0.0;
    for (n = 0; n < N; n++)
      dBIN(h) += dPRE(n,h);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
