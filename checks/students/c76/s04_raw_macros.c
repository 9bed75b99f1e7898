/* backward.c -- two-layer net, backward pass
 *
 * Jacobian by Jacobian.  Matrices are read through ->data and ->tda with
 * the EL macro (faster than gsl_matrix_get and checks nothing).
 * Outer products with gsl_blas_dger.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define EL(m, i, j)     ((m)->data[(i) * (m)->tda + (j)])
#define KDELTA(a, b)    ((a) == (b) ? 1.0 : 0.0)

int backward (const bp_net *, const gsl_matrix *, const size_t *, double,
              const bp_cache *, bp_grads *);

/* d prob_k / d z_j of one softmax row */
static double
dsoftmax (const double *prow, size_t k, size_t j)
{
  return prow[k] * (KDELTA (k, j) - prow[j]);
}

/* dz_j = sum_k dprob_k * dprob_k/dz_j */
static void
softmax_back (const double *prow, const double *dprob, size_t C, double *dz)
{
  size_t j, k;
  for (j = 0; j < C; j++)
    {
      double acc = 0.0;
      for (k = 0; k < C; k++)
        acc += dprob[k] * dsoftmax (prow, k, j);
      dz[j] = acc;
    }
}

static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      EL (dW, r, c) += 2.0 * reg * EL (W, r, c);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, k, h;
  double dprob[C], mask[H];

  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (i = 0; i < N; i++)
    {
      const double *pr = cache->prob->data + i * cache->prob->tda;
      double *dzr = g->dz2->data + i * g->dz2->tda;

      for (k = 0; k < C; k++)
        dprob[k] = 0.0;
      dprob[y[i]] = -1.0 / ((double) N * pr[y[i]]);
      softmax_back (pr, dprob, C, dzr);

      /* p1 -> z2 : dz2_k / dp1_h = W2[h][k] */
      for (h = 0; h < H; h++)
        {
          double acc = 0.0;
          for (k = 0; k < C; k++)
            acc += dzr[k] * EL (net->W2, h, k);
          EL (g->dp1, i, h) = acc;
        }

      /* z1 -> p1 : diagonal Jacobian, stored as its diagonal (0/1) */
      for (h = 0; h < H; h++)
        {
          mask[h] = EL (cache->z1, i, h) > 0.0 ? 1.0 : 0.0;
          EL (g->dz1, i, h) = mask[h] * EL (g->dp1, i, h);
        }

      /* parameters, one outer product per sample */
      {
        gsl_vector_const_view p1_i = gsl_matrix_const_row (cache->p1, i);
        gsl_vector_const_view x_i = gsl_matrix_const_row (X, i);
        gsl_vector_const_view dz2_i = gsl_matrix_const_row (g->dz2, i);
        gsl_vector_const_view dz1_i = gsl_matrix_const_row (g->dz1, i);
        gsl_blas_dger (1.0, &p1_i.vector, &dz2_i.vector, g->dW2);
        gsl_blas_dger (1.0, &x_i.vector, &dz1_i.vector, g->dW1);
        gsl_vector_add (g->db2, &dz2_i.vector);
        gsl_vector_add (g->db1, &dz1_i.vector);
      }
    }

  add_l2 (g->dW2, net->W2, reg);
  add_l2 (g->dW1, net->W1, reg);
  g->present = BP_GRADS_ALL;
  return 0;
}
