/* backward.c
 *
 * P = softmax(z2) is recomputed here (with the max trick) instead of read
 * from the cache, Y1 = one-hot of y.  Then everything is matrix products.
 *
 * Wei Chen
 */

#include <math.h>
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

  /* P */
  gsl_matrix *P = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (P, cache->z2);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (P, i);
      gsl_vector_add_constant (&r.vector, -gsl_vector_max (&r.vector));
      double z = 0;
      for (size_t k = 0; k < C; k++)
        {
          gsl_vector_set (&r.vector, k, exp (gsl_vector_get (&r.vector, k)));
          z += gsl_vector_get (&r.vector, k);
        }
      gsl_vector_scale (&r.vector, 1.0 / z);
    }

  /* Y1 */
  gsl_matrix *Y1 = gsl_matrix_calloc (N, C);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (Y1, i, y[i], 1.0);

  /* dz2 = (P - Y1) / N */
  gsl_matrix_sub (Y1, P);
  gsl_matrix_memcpy (g->dz2, Y1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix *RW2 = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (RW2, net->W2);
  gsl_matrix_scale (RW2, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, RW2);

  /* db2 = 1^T dz2 */
  gsl_vector *one = gsl_vector_alloc (N);
  gsl_vector_set_all (one, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 o [z1 > 0] */
  gsl_matrix *Mk = gsl_matrix_alloc (N, H);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (Mk, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1 : 0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, Mk);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix *RW1 = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (RW1, net->W1);
  gsl_matrix_scale (RW1, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, RW1);

  /* db1 = 1^T dz1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  gsl_matrix_free (P);
  gsl_matrix_free (Y1);
  gsl_matrix_free (RW2);
  gsl_matrix_free (RW1);
  gsl_matrix_free (Mk);
  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
