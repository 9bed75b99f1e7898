/*
 * Backward pass, two layer net (HW3).
 *
 * I keep all temporaries in a struct work that is malloc'd the first time
 * backward() runs and thrown away at the end, so nothing survives a call.
 * Matrix products go through BLAS.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

struct work
{
    gsl_matrix *d2;      /* upstream of the scores, N x C */
    gsl_matrix *dh;      /* upstream of the hidden layer, N x H */
    gsl_vector *ones;    /* N ones, for the column sums */
};

static struct work *W = NULL;

static struct work *work_new(size_t N, size_t H, size_t C)
{
    struct work *w = malloc(sizeof *w);
    if (!w)
        return NULL;
    w->d2 = gsl_matrix_alloc(N, C);
    w->dh = gsl_matrix_alloc(N, H);
    w->ones = gsl_vector_alloc(N);
    gsl_vector_set_all(w->ones, 1.0);
    return w;
}

static void work_free(struct work *w)
{
    if (!w)
        return;
    gsl_matrix_free(w->d2);
    gsl_matrix_free(w->dh);
    gsl_vector_free(w->ones);
    free(w);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    if (W == NULL)
        W = work_new(N, H, net->C);
    if (W == NULL)
        return 1;

    /* ---- stage A: scores ---- */
    gsl_matrix_memcpy(W->d2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(W->d2, i, y[i], gsl_matrix_get(W->d2, i, y[i]) - 1.0);
    gsl_matrix_scale(W->d2, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, W->d2);

    /* ---- stage B: W2, b2 ---- */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, W->d2,
                   2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, W->d2, W->ones, 0.0, g->db2);

    /* ---- stage C: hidden ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, W->d2, net->W2, 0.0, W->dh);
    gsl_matrix_memcpy(g->dp1, W->dh);

    /* ---- stage D: relu ---- */
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(W->dh, i);
        gsl_vector_const_view zrow = gsl_matrix_const_row(cache->z1, i);
        for (j = 0; j < H; j++)
            if (!(gsl_vector_get(&zrow.vector, j) > 0))
                gsl_vector_set(&row.vector, j, 0.0);
    }
    gsl_matrix_memcpy(g->dz1, W->dh);

    /* ---- stage E: W1, b1 ---- */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, W->dh, 2.0 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, W->dh, W->ones, 0.0, g->db1);

    work_free(W);
    W = NULL;
    g->present = BP_GRADS_ALL;
    return 0;
}
