/* hw3 backward  (j. lindqvist)
 * all in one function, temporaries freed at the end */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  gsl_matrix *ds = gsl_matrix_alloc (N, C);
  gsl_matrix *t2 = gsl_matrix_alloc (H, C);
  gsl_matrix *t1 = gsl_matrix_alloc (D, H);
  gsl_matrix *m = gsl_matrix_alloc (N, H);
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* ds = probs; ds[i, y_i] -= 1 */
  gsl_matrix_memcpy (ds, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (ds, i, y[i], gsl_matrix_get (ds, i, y[i]) - 1.0);
  /* dz2 = ds / N */
  gsl_matrix_memcpy (g->dz2, ds);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = h' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (t2, net->W2);
  gsl_matrix_scale (t2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, t2);

  /* db2 = dz2' 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dh = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, ds, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (m, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, m);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (t1, net->W1);
  gsl_matrix_scale (t1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, t1);

  /* db1 = dz1' 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (ds);
  gsl_matrix_free (t2);
  gsl_matrix_free (t1);
  gsl_matrix_free (m);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
