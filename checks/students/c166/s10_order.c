/* backward.c -- my backward pass.
 * Order: scores, then all the weight gradients, then the relu, then the
 * biases.  Everything goes through a struct grads_local first. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local { gsl_matrix *dscores, *dhidden, *dW1, *dW2; gsl_vector *db1, *db2; };

/* dW += 2 reg W, row by row */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t i;
    for (i = 0; i < W->size1; i++) {
        gsl_vector_const_view w = gsl_matrix_const_row(W, i);
        gsl_vector_view d = gsl_matrix_row(dW, i);
        gsl_blas_daxpy(2.0 * reg, &w.vector, &d.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    size_t i, j;
    struct grads_local G;

    G.dscores = gsl_matrix_alloc(N, net->C);
    G.dhidden = gsl_matrix_alloc(N, net->H);
    G.dW1 = gsl_matrix_alloc(net->D, net->H);
    G.dW2 = gsl_matrix_alloc(net->H, net->C);
    G.db1 = gsl_vector_calloc(net->H);
    G.db2 = gsl_vector_calloc(net->C);

    /* ---- scores ---- */
    gsl_matrix_memcpy(G.dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(G.dscores, i, y[i], gsl_matrix_get(G.dscores, i, y[i]) - 1);
    gsl_matrix_scale(G.dscores, 1.0 / (double) N);

    /* ---- weights ---- */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, G.dscores, 0.0, G.dW2);
    add_reg(G.dW2, net->W2, reg);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, G.dscores, net->W2, 0.0, G.dhidden);
    gsl_matrix_memcpy(g->dp1, G.dhidden);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, G.dhidden, 0.0, G.dW1);
    add_reg(G.dW1, net->W1, reg);

    /* ---- relu ---- */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(G.dhidden, i, j, 0.0);

    /* ---- biases ---- */
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r2 = gsl_matrix_const_row(G.dscores, i);
        gsl_vector_const_view r1 = gsl_matrix_const_row(G.dhidden, i);
        gsl_vector_add(G.db2, &r2.vector);
        gsl_vector_add(G.db1, &r1.vector);
    }

    /* ---- into g ---- */
    gsl_matrix_memcpy(g->dz2, G.dscores);
    gsl_matrix_memcpy(g->dW2, G.dW2);
    gsl_vector_memcpy(g->db2, G.db2);
    gsl_matrix_memcpy(g->dz1, G.dhidden);
    gsl_matrix_memcpy(g->dW1, G.dW1);
    gsl_vector_memcpy(g->db1, G.db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(G.dscores); gsl_matrix_free(G.dhidden);
    gsl_matrix_free(G.dW1); gsl_matrix_free(G.dW2);
    gsl_vector_free(G.db1); gsl_vector_free(G.db2);
    return 0;
}
