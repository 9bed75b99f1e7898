/* backward.c -- Assignment 2, Problem 3
 * Yuki Tanaka
 *
 * Modular backward: loss -> affine -> relu -> affine.
 * Helpers take raw double arrays (row major) with their leading
 * dimensions, products are cblas_dgemm.
 */

#include <gsl/gsl_cblas.h>
#include "backprop.h"

static void softmax_loss_bwd (const double *prob, int ldp, const size_t *y,
                              int n, int c, double *dz, int ldz);
static void affine_bwd (const double *dout, int ldo, const double *x, int ldx,
                        const double *w, int ldw, int n, int k, int m,
                        double reg, double *dx, int lddx,
                        double *dw, int lddw, double *db, int sdb);
static void relu_bwd (const double *dout, int ldo, const double *z, int ldz,
                      int n, int m, double *dz_out, int ldd);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1;
  int D = (int) net->D, H = (int) net->H, C = (int) net->C;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;

  softmax_loss_bwd (cache->prob->data, (int) cache->prob->tda, y, N, C,
                    g->dz2->data, (int) g->dz2->tda);

  /* output layer */
  affine_bwd (g->dz2->data, (int) g->dz2->tda,
              cache->p1->data, (int) cache->p1->tda,
              net->W2->data, (int) net->W2->tda, N, H, C, reg,
              g->dp1->data, (int) g->dp1->tda,
              g->dW2->data, (int) g->dW2->tda,
              g->db2->data, (int) g->db2->stride);

  relu_bwd (g->dp1->data, (int) g->dp1->tda,
            cache->z1->data, (int) cache->z1->tda, N, H,
            g->dz1->data, (int) g->dz1->tda);

  /* input layer */
  affine_bwd (g->dz1->data, (int) g->dz1->tda,
              X->data, (int) X->tda,
              net->W1->data, (int) net->W1->tda, N, D, H, 0.0,
              NULL, 0,
              g->dW1->data, (int) g->dW1->tda,
              g->db1->data, (int) g->db1->stride);

  g->present = BP_GRADS_ALL;
  return 0;
}

/* dz = (prob - onehot(y)) / n */
static void
softmax_loss_bwd (const double *prob, int ldp, const size_t *y,
                  int n, int c, double *dz, int ldz)
{
  int i, j;
  for (i = 0; i < n; i++)
    {
      for (j = 0; j < c; j++)
        dz[i * ldz + j] = prob[i * ldp + j] / n;
      dz[i * ldz + (int) y[i]] -= 1.0 / n;
    }
}

/* x (n,k), w (k,m), dout (n,m)
 * dw = x^T dout + 2 reg w ; db = colsum(dout) ; dx = dout w^T */
static void
affine_bwd (const double *dout, int ldo, const double *x, int ldx,
            const double *w, int ldw, int n, int k, int m,
            double reg, double *dx, int lddx,
            double *dw, int lddw, double *db, int sdb)
{
  int i, j;

  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, k, m, n,
               1.0, x, ldx, dout, ldo, 0.0, dw, lddw);
  for (i = 0; i < k; i++)
    for (j = 0; j < m; j++)
      dw[i * lddw + j] += 2.0 * reg * w[i * ldw + j];

  for (j = 0; j < m; j++)
    {
      double s = 0.0;
      for (i = 0; i < n; i++)
        s += dout[i * ldo + j];
      db[j * sdb] = s;
    }

  if (dx != NULL)
    cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, k, m,
                 1.0, dout, ldo, w, ldw, 0.0, dx, lddx);
}

static void
relu_bwd (const double *dout, int ldo, const double *z, int ldz,
          int n, int m, double *dz_out, int ldd)
{
  int i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      dz_out[i * ldd + j] = z[i * ldz + j] > 0.0 ? dout[i * ldo + j] : 0.0;
}
