/* backward.c -- backprop for the 2-layer net.
 * The batch sums for the weight gradients are unrolled by 2
 * (two MACs per iteration), odd N is handled at the end.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* grad_w[a][b] = sum_n in[n][a] * delta[n][b]  (+ 2 reg W later) */
static void
outer_sum (const gsl_matrix *in, const gsl_matrix *delta, gsl_matrix *grad_w)
{
  size_t N = in->size1, a, b, n;
  for (a = 0; a < in->size2; a++)
    for (b = 0; b < delta->size2; b++)
      {
        double acc = 0.0;
        for (n = 0; n < N; n += 2)
          {
            acc += in->data[n * in->tda + a] * delta->data[n * delta->tda + b];
            if (n + 1 < N)
              acc += in->data[(n + 1) * in->tda + a]
                     * delta->data[(n + 1) * delta->tda + b];
          }
        if (N % 2)              /* leftover sample */
          acc += in->data[(N - 1) * in->tda + a] * delta->data[(N - 1) * delta->tda + b];
        grad_w->data[a * grad_w->tda + b] = acc;
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;

  /* err_out */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    g->dz2->data[n * g->dz2->tda + y[n]] -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* grad_w_out = p1' err_out + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  for (c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += g->dz2->data[n * g->dz2->tda + c];
      g->db2->data[c * g->db2->stride] = acc;
    }

  /* err_hid = err_out W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* delta_hid */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double z = cache->z1->data[n * cache->z1->tda + h];
        g->dz1->data[n * g->dz1->tda + h] =
          z > 0.0 ? g->dp1->data[n * g->dp1->tda + h] : 0.0;
      }

  /* grad_w_hid */
  outer_sum (X, g->dz1, g->dW1);
  {
    gsl_matrix *decay = gsl_matrix_alloc (net->D, H);
    gsl_matrix_memcpy (decay, net->W1);
    gsl_matrix_scale (decay, 2.0 * reg);
    gsl_matrix_add (g->dW1, decay);
    gsl_matrix_free (decay);
  }

  for (h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += g->dz1->data[n * g->dz1->tda + h];
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
