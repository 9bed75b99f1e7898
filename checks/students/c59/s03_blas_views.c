/* backward.c -- two-layer net, backward pass with CBLAS through GSL.
 * Static buffers viewed as GSL matrices (gsl_matrix_view_array), so
 * dgemm/dgemv can work on them without any allocation.
 */
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAX_N 64
#define MAX_D 32
#define MAX_H 64
#define MAX_C 16

static double ones_buf[MAX_N];
static double hid_buf[MAX_N * MAX_H];  /* dp1, then dz1 */
static double w_buf[MAX_D * MAX_H];    /* W2 copy -> dW2, W1 copy -> dW1 */
static uint8_t on[MAX_N * MAX_H];      /* relu mask */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n = X->size1, d = net->D, h = net->H, c = net->C;
  const double inv_n = 1.0 / (double) n;
  size_t i, j;

  if (n > MAX_N || d > MAX_D || h > MAX_H || c > MAX_C)
    return -1;

  gsl_vector_view ones = gsl_vector_view_array (ones_buf, n);
  gsl_matrix_view hid = gsl_matrix_view_array (hid_buf, n, h);
  gsl_vector_set_all (&ones.vector, 1.0);

  /* dz2 = prob/n - onehot/n */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, inv_n);
  for (i = n; i-- > 0;)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= inv_n;

  /* dW2 = p1' dz2 + 2 reg W2: W2 copied in, beta does the reg term */
  {
    gsl_matrix_view w = gsl_matrix_view_array (w_buf, h, c);
    gsl_matrix_memcpy (&w.matrix, net->W2);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                    2.0 * reg, &w.matrix);
    gsl_matrix_memcpy (g->dW2, &w.matrix);
  }

  /* db2 = dz2' 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, &ones.vector, 0.0, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  &hid.matrix);
  gsl_matrix_memcpy (g->dp1, &hid.matrix);

  /* relu mask: p1 > 0 exactly where z1 > 0 */
  for (i = n; i-- > 0;)
    for (j = h; j-- > 0;)
      on[i * h + j] = (uint8_t) (gsl_matrix_get (cache->p1, i, j) > 0.0);
  for (i = n; i-- > 0;)
    for (j = h; j-- > 0;)
      if (!on[i * h + j])
        hid_buf[i * h + j] = 0.0;
  gsl_matrix_memcpy (g->dz1, &hid.matrix);

  /* dW1 = X' dz1 + 2 reg W1, same trick, w_buf reused */
  {
    gsl_matrix_view w = gsl_matrix_view_array (w_buf, d, h);
    gsl_matrix_memcpy (&w.matrix, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &hid.matrix,
                    2.0 * reg, &w.matrix);
    gsl_matrix_memcpy (g->dW1, &w.matrix);
  }

  /* db1 = dz1' 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, &hid.matrix, &ones.vector, 0.0, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
