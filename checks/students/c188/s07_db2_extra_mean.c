/* backward.c -- Inleiding Machine Learning, week 4
 * Gradienten van L = (1/N) sum_i -log P(i, y_i) + reg (|W1|^2 + |W2|^2). */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, n, h, c;
    gsl_matrix *G = g->dz2;

    /* G = (P - Y) / N */
    gsl_matrix_memcpy(G, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(G, n, y[n], gsl_matrix_get(G, n, y[n]) - 1.0);
    gsl_matrix_scale(G, 1.0 / N);

    /* dW2 = A1^T G + 2*reg*W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 2.0 * reg, g->dW2);

    /* db2 = gemiddelde van G over de batch */
    for (c = 0; c < C; c++) {
        gsl_vector_const_view col = gsl_matrix_const_column(G, c);
        gsl_vector_set(g->db2, c, gsl_vector_sum(&col.vector) / N);
    }

    /* Gh = G W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, g->dp1);

    /* dZ1 = Gh .* relu'(Z1) */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            if (gsl_matrix_get(cache->z1, n, h) <= 0.0)
                gsl_matrix_set(g->dz1, n, h, 0.0);

    /* dW1 = X^T dZ1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 = som van dZ1 over de batch */
    for (h = 0; h < H; h++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, h);
        gsl_vector_set(g->db1, h, gsl_vector_sum(&col.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
