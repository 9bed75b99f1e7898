/* hw6 - backprop by hand
 * tmp (N x H) is reused for dp1 and dz1 to save an alloc */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *tmp = gsl_matrix_alloc(N, H);

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        gsl_matrix_free(tmp);
        return 1;
    }

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2, db2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    for (j = 0; j < C; j++) {
        gsl_vector_view col = gsl_matrix_column(g->dz2, j);
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 -> tmp, then relu in place */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, tmp);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(tmp, i, j, 0.0);
    gsl_matrix_memcpy(g->dp1, tmp);
    gsl_matrix_memcpy(g->dz1, tmp);

    /* dW1, db1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, tmp, 2 * reg, g->dW1);
    for (j = 0; j < H; j++) {
        gsl_vector_view col = gsl_matrix_column(tmp, j);
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(tmp);
    g->present = BP_GRADS_ALL;
    return 0;
}
