/* hw3 backward pass.
 *   scratch.up  = gradient coming into the current layer
 *   scratch.hid = gradient at the hidden layer
 * Allocated at the first call, freed at the end of every call. */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static struct {
    gsl_matrix *up;
    gsl_matrix *hid;
} scratch = { NULL, NULL };

/* dW += d(reg * |W|^2)/dW */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    gsl_matrix_scale(dW, 1.0);
    for (size_t i = 0; i < W->size1; i++)
        for (size_t j = 0; j < W->size2; j++)
            *gsl_matrix_ptr(dW, i, j) += reg * gsl_matrix_get(W, i, j);
}

static void bias_grad(const gsl_matrix *d, gsl_vector *db)
{
    gsl_vector_set_zero(db);
    for (size_t i = 0; i < d->size1; i++)
        for (size_t j = 0; j < d->size2; j++)
            *gsl_vector_ptr(db, j) += gsl_matrix_get(d, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    if (!scratch.up) {
        scratch.up = gsl_matrix_alloc(N, net->C);
        scratch.hid = gsl_matrix_alloc(N, net->H);
    }

    // stage 1 -- scores
    gsl_matrix_memcpy(scratch.up, cache->prob);
    for (size_t i = 0; i < N; i++)
        *gsl_matrix_ptr(scratch.up, i, y[i]) -= 1.0;
    gsl_matrix_scale(scratch.up, 1.0 / (double)N);
    gsl_matrix_memcpy(g->dz2, scratch.up);

    // stage 2 -- second layer
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, scratch.up, 0.0, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    bias_grad(scratch.up, g->db2);

    // stage 3 -- hidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, scratch.up, net->W2, 0.0, scratch.hid);
    gsl_matrix_memcpy(g->dp1, scratch.hid);

    // stage 4 -- relu
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(scratch.hid, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, scratch.hid);

    // stage 5 -- first layer
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, scratch.hid, 0.0, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    bias_grad(scratch.hid, g->db1);

    gsl_matrix_free(scratch.up);
    gsl_matrix_free(scratch.hid);
    scratch.up = scratch.hid = NULL;
    g->present = BP_GRADS_ALL;
    return 0;
}
