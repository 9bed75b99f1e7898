/*
 * backward.c  --  one function per gradient, sample by sample.
 * Weight gradients are sums of outer products (dger), dp1 row by row
 * with dgemv.  Results live in a struct grads_local until the end.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct grads_local {
    gsl_matrix *dscores, *dhidden, *dW1, *dW2;
    gsl_vector *db1, *db2;
} grads_local;

/* dW = sum_i a_i d_i' + 2 reg W,  db = sum_i d_i */
static void layer_grads(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg,
                        gsl_matrix *dW, gsl_vector *db)
{
    size_t i;
    gsl_matrix_memcpy(dW, W);
    gsl_matrix_scale(dW, 2.0 * reg);
    gsl_vector_set_zero(db);
    for (i = 0; i < A->size1; i++) {
        gsl_vector_const_view a = gsl_matrix_const_row(A, i);
        gsl_vector_const_view d = gsl_matrix_const_row(dZ, i);
        gsl_blas_dger(1.0, &a.vector, &d.vector, dW);
        gsl_vector_add(db, &d.vector);
    }
}

static void score_grads(const gsl_matrix *prob, const size_t *y, gsl_matrix *dS)
{
    size_t i, n = prob->size1;
    gsl_matrix_memcpy(dS, prob);
    for (i = 0; i < n; i++)
        *gsl_matrix_ptr(dS, i, y[i]) -= 1.0;
    gsl_matrix_scale(dS, 1.0 / n);
}

/* dhidden_i = W2 dscores_i  (one sample at a time) */
static void hidden_grads(const gsl_matrix *dS, const gsl_matrix *W2, gsl_matrix *dH)
{
    size_t i;
    for (i = 0; i < dS->size1; i++) {
        gsl_vector_const_view s = gsl_matrix_const_row(dS, i);
        gsl_vector_view h = gsl_matrix_row(dH, i);
        gsl_blas_dgemv(CblasNoTrans, 1.0, W2, &s.vector, 0.0, &h.vector);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    grads_local loc;
    gsl_matrix *mask, *dz1;

    loc.dscores = gsl_matrix_alloc(N, net->C);
    loc.dhidden = gsl_matrix_alloc(N, net->H);
    loc.dW1 = gsl_matrix_alloc(net->D, net->H);
    loc.dW2 = gsl_matrix_alloc(net->H, net->C);
    loc.db1 = gsl_vector_alloc(net->H);
    loc.db2 = gsl_vector_alloc(net->C);
    mask = gsl_matrix_alloc(N, net->H);
    dz1 = gsl_matrix_alloc(N, net->H);

    score_grads(cache->prob, y, loc.dscores);
    layer_grads(cache->p1, loc.dscores, net->W2, reg, loc.dW2, loc.db2);
    hidden_grads(loc.dscores, net->W2, loc.dhidden);

    /* relu'(z1) as a 0/1 matrix */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(dz1, loc.dhidden);
    gsl_matrix_mul_elements(dz1, mask);

    layer_grads(X, dz1, net->W1, reg, loc.dW1, loc.db1);

    gsl_matrix_memcpy(g->dz2, loc.dscores);
    gsl_matrix_memcpy(g->dW2, loc.dW2);
    gsl_vector_memcpy(g->db2, loc.db2);
    gsl_matrix_memcpy(g->dp1, loc.dhidden);
    gsl_matrix_memcpy(g->dz1, dz1);
    gsl_matrix_memcpy(g->dW1, loc.dW1);
    gsl_vector_memcpy(g->db1, loc.db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(loc.dscores); gsl_matrix_free(loc.dhidden);
    gsl_matrix_free(loc.dW1); gsl_matrix_free(loc.dW2);
    gsl_vector_free(loc.db1); gsl_vector_free(loc.db2);
    gsl_matrix_free(mask); gsl_matrix_free(dz1);
    return 0;
}
