/* backward pass -- two layer net
   uses a global scratch buffer for the relu mask so I don't malloc
   every call (a forum answer said malloc in a training loop is slow).
   dp1 and the weight gradients with BLAS like the lecture said. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double scratch[8192];          /* N*H doubles, 0/1 relu mask */

static void my_fill_mask(const gsl_matrix *z, double *m)
{
  size_t r = 0, c;
  while (r < z->size1) {
    const double *zr = z->data + r * z->tda;
    c = 0;
    while (c < z->size2) {
      *m++ = (*zr++ > 0) ? 1.0 : 0.0;
      c++;
    }
    r++;
  }
}

static void my_colsum(const gsl_matrix *d, gsl_vector *out)
{
  size_t r, c;
  gsl_vector_set_zero(out);
  for (r = 0; r < d->size1; r++) {
    const double *p = d->data + r * d->tda;
    for (c = 0; c < d->size2; c++)
      out->data[c * out->stride] += p[c];
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double *m;

  if (N * H > 8192) return 1;
  if (cache->N != N) return 1;

  /* dz2 */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  i = 0;
  while (i < N) {
    double *row = g->dz2->data + i * g->dz2->tda;
    row[y[i]] -= 1.0;
    for (j = 0; j < C; j++) row[j] /= (double) N;
    i++;
  }

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  my_colsum(g->dz2, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* mask */
  my_fill_mask(cache->z1, scratch);
  m = scratch;
  for (i = 0; i < N; i++) {
    const double *dp = g->dp1->data + i * g->dp1->tda;
    double *dz = g->dz1->data + i * g->dz1->tda;
    for (j = 0; j < H; j++)
      *dz++ = *dp++ * *m++;
  }

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  my_colsum(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
