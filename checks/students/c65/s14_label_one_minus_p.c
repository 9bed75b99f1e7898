/* backward.c  -  2-layer net backprop, pointer style.
 *
 * Note: the GSL matrices may have tda > size2, so every row is found as
 * data + i*tda.  dz2 is built on top of a copy of prob: at the label the
 * entry becomes (1 - p), then the whole thing is divided by N. */
#include "backprop.h"
#include <gsl/gsl_blas.h>

#define ROW(m, i) ((m)->data + (i) * (m)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, i, j;
    double *dz2_row, *dz1_row, *z1_row;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        dz2_row = ROW(g->dz2, i);
        dz2_row[y[i]] = 1.0 - dz2_row[y[i]];
        for (j = 0; j < C; j++)
            dz2_row[j] /= (double)N;
    }

    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        dz2_row = ROW(g->dz2, i);
        for (j = 0; j < C; j++)
            g->db2->data[j * g->db2->stride] += dz2_row[j];
    }

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                   0.0, g->dp1);

    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        dz1_row = ROW(g->dz1, i);
        z1_row = ROW(cache->z1, i);
        for (j = 0; j < H; j++)
            if (z1_row[j] <= 0.0)
                dz1_row[j] = 0.0;
    }

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);

    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        dz1_row = ROW(g->dz1, i);
        for (j = 0; j < H; j++)
            g->db1->data[j * g->db1->stride] += dz1_row[j];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
