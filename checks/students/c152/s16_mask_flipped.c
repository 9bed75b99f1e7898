/*
 * backward.c  (reverse-mode)
 *
 * forward                      backward
 * -------                      --------
 * z1 = X W1 + b1               adj_W1 = X' adj_z1 + 2 reg W1, adj_b1 = sum adj_z1
 * p1 = relu(z1)                adj_z1 = adj_p1 where the relu was cut
 * z2 = p1 W2 + b2              adj_W2 = p1' adj_z2 + 2 reg W2, adj_b2 = sum adj_z2,
 *                              adj_p1 = adj_z2 W2'
 * L  = CE(z2) + reg(...)       adj_z2 = (prob - Y) / N
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *adj_z2 = gsl_matrix_alloc(N, C);
    gsl_matrix *adj_p1 = gsl_matrix_alloc(N, H);
    gsl_matrix *adj_z1 = gsl_matrix_calloc(N, H);

    /* L = CE(z2) */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            EL(adj_z2, i, j) = (EL(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / (double) N;

    /* z2 = p1 W2 + b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, adj_z2, 2.0 * reg, g->dW2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, adj_z2, net->W2, 0.0, adj_p1);
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += EL(adj_z2, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* p1 = relu(z1) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (EL(cache->z1, i, j) < 0.0)
                EL(adj_z1, i, j) = EL(adj_p1, i, j);

    /* z1 = X W1 + b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, adj_z1, 2.0 * reg, g->dW1);
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += EL(adj_z1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_memcpy(g->dz2, adj_z2);
    gsl_matrix_memcpy(g->dp1, adj_p1);
    gsl_matrix_memcpy(g->dz1, adj_z1);
    gsl_matrix_free(adj_z2);
    gsl_matrix_free(adj_p1);
    gsl_matrix_free(adj_z1);
    g->present = BP_GRADS_ALL;
    return 0;
}
