#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = a' b + c w */
static void tmul (const gsl_matrix *a, const gsl_matrix *b, double c, const gsl_matrix *w, gsl_matrix *out)
{
  gsl_matrix_memcpy (out, w);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, a, b, c, out);
}

static void sumrows (const gsl_matrix *m, gsl_vector *v)
{
  size_t i, j;
  gsl_vector_set_zero (v);
  for (i = 0; i < m->size1; i++) for (j = 0; j < m->size2; j++) *gsl_vector_ptr (v, j) += gsl_matrix_get (m, i, j);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, i, j;
  double *d;
  g->present = BP_GRADS_ALL;

  /* scores */
  for (i = 0; i < n; i++) {
    d = gsl_matrix_ptr (g->dz2, i, 0);
    for (j = 0; j < g->C; j++) d[j] = gsl_matrix_get (cache->prob, i, j);
    d[y[i]] -= 1;
  }
  gsl_matrix_scale (g->dz2, 1.0 / (double) n);

  tmul (cache->p1, g->dz2, 2 * reg, net->W2, g->dW2);
  sumrows (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  /* relu */
  for (i = 0; i < n; i++) for (j = 0; j < g->H; j++) gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j) * (gsl_matrix_get (cache->z1, i, j) > 0));

  tmul (X, g->dz1, 2 * reg, net->W1, g->dW1);
  sumrows (g->dz1, g->db1); return 0;
}
