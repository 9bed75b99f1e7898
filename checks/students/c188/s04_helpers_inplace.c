/*
 * Backward pass voor het twee-laags netwerk (practicum 2).
 *
 * Notatie zoals in het college:
 *   P  = softmax(Z2)           (N x C)
 *   G  = dL/dZ2 = (P - Y)/N    (N x C)
 *   Gh = dL/dA1 = G W2^T       (N x H)
 * Hulpfuncties voor "dW = A^T G + 2 reg W" en de kolomsom, want die
 * hebben we twee keer nodig.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* dW = A^T G + 2 reg W */
static void
gewicht_grad (const gsl_matrix *A, const gsl_matrix *G, const gsl_matrix *W,
              double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_matrix_scale (dW, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, G, 1.0, dW);
}

/* b(j) = sum_i G(i,j) */
static void
kolomsom (const gsl_matrix *G, gsl_vector *b)
{
  size_t i;
  gsl_vector_set_zero (b);
  for (i = 0; i < G->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (G, i);
      gsl_vector_add (b, &r.vector);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  gsl_matrix *mask;

  /* G = (P - Y)/N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gewicht_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  kolomsom (g->dz2, g->db2);

  /* Gh = G W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu'(Z1) = 1[A1 > 0]  (A1 > 0 precies als Z1 > 0) */
  mask = gsl_matrix_alloc (cache->p1->size1, cache->p1->size2);
  gsl_matrix_memcpy (mask, cache->p1);
  for (i = 0; i < mask->size1 * mask->size2; i++)
    mask->data[i] = mask->data[i] > 0.0 ? 1.0 : 0.0;   /* mask is compact, tda = size2 */

  /* dZ1 = Gh .* mask, in place */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);

  gewicht_grad (X, g->dz1, net->W1, reg, g->dW1);
  kolomsom (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
