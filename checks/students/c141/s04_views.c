#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* short names, I kept mixing up get/set arguments */
#define GET(m, i, j)     gsl_matrix_get ((m), (i), (j))
#define SET(m, i, j, x)  gsl_matrix_set ((m), (i), (j), (x))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, h = net->H, k = net->C;
  if (n != cache->N || X->size2 != net->D || g->N != n)
    return 1;

  { /* dz2 */
    for (size_t r = 0; r < n; r++)
      for (size_t c = 0; c < k; c++)
        SET (g->dz2, r, c, (GET (cache->prob, r, c) - (c == y[r])) / n);
  }

  { /* dW2: p1^T dz2, then + 2 reg W2 through a temporary */
    gsl_matrix *tmp = gsl_matrix_alloc (h, k);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    gsl_matrix_memcpy (tmp, net->W2);
    gsl_matrix_scale (tmp, 2 * reg);
    gsl_matrix_add (g->dW2, tmp);
    gsl_matrix_free (tmp);
  }

  { /* db2: add every row of dz2 into db2 */
    gsl_vector_set_zero (g->db2);
    for (size_t r = 0; r < n; r++) {
      gsl_vector_const_view v = gsl_matrix_const_row (g->dz2, r);
      gsl_vector_add (g->db2, &v.vector);
    }
  }

  { /* dp1[r][c] = row r of dz2 . row c of W2 */
    double s;
    for (size_t r = 0; r < n; r++)
      for (size_t c = 0; c < h; c++) {
        gsl_vector_const_view v = gsl_matrix_const_row (g->dz2, r);
        gsl_vector_const_view w = gsl_matrix_const_row (net->W2, c);
        gsl_blas_ddot (&v.vector, &w.vector, &s);
        SET (g->dp1, r, c, s);
      }
  }

  { /* dz1: p1 > 0 is the same as z1 > 0 */
    for (size_t r = 0; r < n; r++)
      for (size_t c = 0; c < h; c++)
        SET (g->dz1, r, c, GET (cache->p1, r, c) > 0 ? GET (g->dp1, r, c) : 0);
  }

  { /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix *tmp = gsl_matrix_alloc (net->D, h);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix_memcpy (tmp, net->W1);
    gsl_matrix_scale (tmp, 2 * reg);
    gsl_matrix_add (g->dW1, tmp);
    gsl_matrix_free (tmp);
  }

  { /* db1: column sums of dz1 */
    double s;
    for (size_t c = 0; c < h; c++) {
      gsl_vector_const_view v = gsl_matrix_const_column (g->dz1, c);
      s = 0;
      for (size_t r = 0; r < n; r++)
        s += gsl_vector_get (&v.vector, r);
      gsl_vector_set (g->db1, c, s);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
