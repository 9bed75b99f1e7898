/* hw3: backward for the 2-layer net, gsl blas version.
   scratch struct "tmp" holds the intermediate gradients between stages */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct tmp_s {
  gsl_matrix *dS;    /* dL/dz2 */
  gsl_matrix *dP;    /* dL/dp1, then dL/dz1 after relu_stage */
};
static struct tmp_s tmp;

static void tmp_alloc (size_t N, size_t H, size_t C) {
  if (!tmp.dS) tmp.dS = gsl_matrix_alloc (N, C);
  if (!tmp.dP) tmp.dP = gsl_matrix_alloc (N, H);
}
static void tmp_free (void) {
  gsl_matrix_free (tmp.dS); tmp.dS = NULL;
  gsl_matrix_free (tmp.dP); tmp.dP = NULL;
}

static void colsum (const gsl_matrix *A, gsl_vector *out) {
  size_t i;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++) {
    gsl_vector_const_view r = gsl_matrix_const_row (A, i);
    gsl_vector_add (out, &r.vector);
  }
}

static void softmax_stage (const bp_cache *cache, const size_t *y) {
  size_t i, N = cache->N;
  gsl_matrix_memcpy (tmp.dS, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (tmp.dS, i, y[i]) -= 1.0;
  gsl_matrix_scale (tmp.dS, 1.0 / (double) N);
}

static void output_stage (const bp_net *net, const bp_cache *cache, double reg, bp_grads *g) {
  /* dW2 = p1^T dS + reg*W2 (derivative of the reg term) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, tmp.dS, reg, g->dW2);
  colsum (tmp.dS, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, tmp.dS, net->W2, 0.0, tmp.dP);
}

static void relu_stage (const bp_cache *cache) {
  size_t i, j;
  for (i = 0; i < tmp.dP->size1; i++)
    for (j = 0; j < tmp.dP->size2; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (tmp.dP, i, j, 0.0);
}

static void input_stage (const bp_net *net, const gsl_matrix *X, double reg, bp_grads *g) {
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, tmp.dP, 2.0 * reg, g->dW1);
  colsum (tmp.dP, g->db1);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;
  tmp_alloc (N, net->H, net->C);
  if (!tmp.dS || !tmp.dP) { tmp_free (); return 1; }

  softmax_stage (cache, y);
  gsl_matrix_memcpy (g->dz2, tmp.dS);
  output_stage (net, cache, reg, g);
  gsl_matrix_memcpy (g->dp1, tmp.dP);
  relu_stage (cache);
  gsl_matrix_memcpy (g->dz1, tmp.dP);
  input_stage (net, X, reg, g);

  tmp_free ();
  g->present = BP_GRADS_ALL;
  return 0;
}
