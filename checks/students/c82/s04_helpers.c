/* Two-layer net, backward.
 * I split it into small helpers, one per gate, like the "modular" section
 * of the notes (affine_backward, relu_backward, softmax_loss).
 * Each helper overwrites its outputs. */

#include "backprop.h"

#define AT(M, i, j) ((M)->data[(i) * (M)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dx = (p - onehot) / N */
static void softmax_grad (const gsl_matrix *p, const size_t *y, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < p->size1; i++)
    for (j = 0; j < p->size2; j++)
      AT (dx, i, j) = (AT (p, i, j) - (j == y[i] ? 1.0 : 0.0)) / (double) p->size1;
}

/* dw = x^T dout + 2 reg w ; db = colsum(dout) ; dx = dout w^T (if dx) */
static void affine_grad (const gsl_matrix *dout, const gsl_matrix *x,
                         const gsl_matrix *w, double reg,
                         gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db)
{
  size_t n = dout->size1, k = x->size2, m = dout->size2;
  size_t i, a, b;

  for (a = 0; a < k; a++)
    for (b = 0; b < m; b++)
      {
        double s = 0.0;
        for (i = 0; i < n; i++)
          s += AT (x, i, a) * AT (dout, i, b);
        AT (dw, a, b) = s + 2.0 * reg * AT (w, a, b);
      }
  for (b = 0; b < m; b++)
    {
      double s = 0.0;
      for (i = 0; i < n; i++)
        s += AT (dout, i, b);
      VAT (db, b) = s;
    }
  if (dx)
    for (i = 0; i < n; i++)
      for (a = 0; a < k; a++)
        {
          double s = 0.0;
          for (b = 0; b < m; b++)
            s += AT (dout, i, b) * AT (w, a, b);
          AT (dx, i, a) = s;
        }
}

/* dx = dout where the cached input was > 0 */
static void relu_grad (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      AT (dx, i, j) = AT (x, i, j) > 0.0 ? AT (dout, i, j) : 0.0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_grad (cache->prob, y, g->dz2);
  affine_grad (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);
  relu_grad (g->dp1, cache->z1, g->dz1);
  affine_grad (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
