/* backward.c -- Machine Learning HW4, Q3: backprop in C.
 *
 * Naming follows Andrew Ng's ex4 (layer 1 = input):
 *    a1 = X,   z2 = a1*Theta1 + b1,   a2 = relu(z2),
 *    z3 = a2*Theta2 + b2,   a3 = softmax(z3)
 * so in the cache:  z2 -> cache->z1,  a2 -> cache->p1,  a3 -> cache->prob.
 *
 * mtimes() is plain C = A*B, so I make the transposes I need with
 * gsl_matrix_transpose_memcpy first, like writing a2' in Octave.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* C = A*B */
static void mtimes (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
}

/* v = sum(A)' , down the columns */
static void sum_cols (const gsl_matrix *A, gsl_vector *v)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (A, j);
      double s = 0;
      for (size_t i = 0; i < c.vector.size; i++)
        s += gsl_vector_get (&c.vector, i);
      gsl_vector_set (v, j, s);
    }
}

/* B = B + k*A */
static void add_scaled (gsl_matrix *B, double k, const gsl_matrix *A)
{
  gsl_matrix *T = gsl_matrix_alloc (A->size1, A->size2);
  gsl_matrix_memcpy (T, A);
  gsl_matrix_scale (T, k);
  gsl_matrix_add (B, T);
  gsl_matrix_free (T);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1, n = net->D, h = net->H, K = net->C;

  if (m != cache->N || X->size2 != n || g->N != m)
    return 1;

  gsl_matrix *a1t = gsl_matrix_alloc (n, m);      /* X'      */
  gsl_matrix *a2t = gsl_matrix_alloc (h, m);      /* a2'     */
  gsl_matrix *Theta2t = gsl_matrix_alloc (K, h);  /* Theta2' */
  gsl_matrix *d3 = g->dz2;
  gsl_matrix *d2 = g->dz1;

  gsl_matrix_transpose_memcpy (a1t, X);
  gsl_matrix_transpose_memcpy (a2t, cache->z1);
  gsl_matrix_transpose_memcpy (Theta2t, net->W2);

  /* d3 = (a3 - Y) / m */
  gsl_matrix_memcpy (d3, cache->prob);
  for (size_t i = 0; i < m; i++)
    gsl_matrix_set (d3, i, y[i], gsl_matrix_get (d3, i, y[i]) - 1.0);
  gsl_matrix_scale (d3, 1.0 / m);

  /* Theta2_grad = a2' * d3 + 2*lambda*Theta2 */
  mtimes (a2t, d3, g->dW2);
  add_scaled (g->dW2, 2.0 * reg, net->W2);

  /* b2_grad = sum(d3)' */
  sum_cols (d3, g->db2);

  /* grad of a2 = d3 * Theta2' */
  mtimes (d3, Theta2t, g->dp1);

  /* d2 = (d3 * Theta2') .* (z2 > 0) */
  for (size_t i = 0; i < m; i++)
    {
      gsl_vector_const_view zr = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_const_view gr = gsl_matrix_const_row (g->dp1, i);
      gsl_vector_view dr = gsl_matrix_row (d2, i);
      for (size_t j = 0; j < h; j++)
        gsl_vector_set (&dr.vector, j,
                        gsl_vector_get (&zr.vector, j) > 0
                        ? gsl_vector_get (&gr.vector, j) : 0.0);
    }

  /* Theta1_grad = a1' * d2 + 2*lambda*Theta1 */
  mtimes (a1t, d2, g->dW1);
  add_scaled (g->dW1, 2.0 * reg, net->W1);

  /* b1_grad = sum(d2)' */
  sum_cols (d2, g->db1);

  gsl_matrix_free (a1t);
  gsl_matrix_free (a2t);
  gsl_matrix_free (Theta2t);
  g->present = BP_GRADS_ALL;
  return 0;
}
