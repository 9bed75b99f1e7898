/* backward pass, 2-laags net.  Directe toegang tot ->data (rij i begint
 * bij data + i*tda), dat is sneller dan gsl_matrix_get.
 *
 * dZ2 = (P - Y)/N        dW2 = A1' dZ2 + 2 reg W2     db2 = sum_i dZ2
 * dA1 = dZ2 W2'          dZ1 = dA1 .* (Z1 > 0)
 * dW1 = X' dZ1 + 2 reg W1                            db1 = sum_i dZ1
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define EL(M, i, j) ((M)->data[(i) * (M)->tda + (j)])
#define VEL(v, i)   ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  const double invN = 1.0 / (double) N;
  size_t i, j;

  /* dZ2 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        EL (g->dz2, i, j) = EL (cache->prob, i, j) * invN;
      EL (g->dz2, i, y[i]) -= invN;
    }

  /* dW2 = A1' dZ2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2 * reg, g->dW2);

  /* db2 */
  for (j = 0; j < C; j++)
    VEL (g->db2, j) = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      VEL (g->db2, j) += EL (g->dz2, i, j);

  /* dA1 = dZ2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dZ1, rij voor rij */
  for (i = 0; i < N; i++)
    {
      const double *z = cache->z1->data + i * cache->z1->tda;
      const double *da = g->dp1->data + i * g->dp1->tda;
      double *dz = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        dz[j] = z[j] > 0 ? da[j] : 0.0;
    }

  /* dW1 = X' dZ1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += EL (g->dz1, i, j);
      VEL (g->db1, j) = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
