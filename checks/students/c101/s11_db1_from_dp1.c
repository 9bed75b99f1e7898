/*
 * backward.c   --   retaking ML, assignment 3
 *
 * I keep local copies of everything (dscores, dhidden) and copy into g at
 * the end of each step.  The copies are freed at the end.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t n, h;
    gsl_matrix *dscores, *dhidden;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    dscores = gsl_matrix_alloc(N, C);
    dhidden = gsl_matrix_alloc(N, H);
    if (dscores == NULL || dhidden == NULL) {
        gsl_matrix_free(dscores);
        gsl_matrix_free(dhidden);
        return 1;
    }

    /* ---- scores ---- */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(dscores, n, y[n], gsl_matrix_get(dscores, n, y[n]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / (double) N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* ---- W2, b2 ---- */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2.0 * reg, g->dW2);
    for (h = 0; h < C; h++) {
        gsl_vector_view c = gsl_matrix_column(dscores, h);
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += gsl_vector_get(&c.vector, n);
        gsl_vector_set(g->db2, h, s);
    }

    /* ---- hidden ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);

    /* relu: dz1 is dhidden with the dead units zeroed */
    gsl_matrix_memcpy(g->dz1, dhidden);
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            if (gsl_matrix_get(cache->z1, n, h) <= 0.0)
                gsl_matrix_set(g->dz1, n, h, 0.0);

    /* ---- W1, b1 ---- */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    /* b1 the same way as b2 */
    for (h = 0; h < H; h++) {
        gsl_vector_view c = gsl_matrix_column(dhidden, h);
        double s = 0.0;
        for (n = 0; n < N; n++)
            s += gsl_vector_get(&c.vector, n);
        gsl_vector_set(g->db1, h, s);
    }

    gsl_matrix_free(dscores);
    gsl_matrix_free(dhidden);
    g->present = BP_GRADS_ALL;
    return 0;
}
