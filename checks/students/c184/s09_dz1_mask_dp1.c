/* Backward pass, HW3.
   All scratch lives in one static struct `ws`, set up on the first call. */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static struct {
    size_t N, H, C;
    gsl_matrix *dout;   /* N x C */
    gsl_matrix *dhid;   /* N x H */
    gsl_vector *one;    /* N */
} ws;

static void ws_setup(size_t N, size_t H, size_t C)
{
    if (ws.dout && ws.N == N && ws.H == H && ws.C == C)
        return;
    gsl_matrix_free(ws.dout);
    gsl_matrix_free(ws.dhid);
    gsl_vector_free(ws.one);
    ws.dout = gsl_matrix_alloc(N, C);
    ws.dhid = gsl_matrix_alloc(N, H);
    ws.one = gsl_vector_alloc(N);
    gsl_vector_set_all(ws.one, 1.0);
    ws.N = N; ws.H = H; ws.C = C;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    ws_setup(N, net->H, net->C);

    // dL/dscores = (p - 1{y}) / N
    gsl_matrix_memcpy(ws.dout, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(ws.dout, i, y[i], gsl_matrix_get(ws.dout, i, y[i]) - 1.0);
    gsl_matrix_scale(ws.dout, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, ws.dout);

    // output layer weights and bias
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, ws.dout, 2 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, ws.dout, ws.one, 0.0, g->db2);

    // gradient on the hidden activations
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, ws.dout, net->W2, 0.0, ws.dhid);
    gsl_matrix_memcpy(g->dp1, ws.dhid);

    // ReLU backward: only where the ReLU was active
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(ws.dhid, i, j) < 0)
                gsl_matrix_set(ws.dhid, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, ws.dhid);

    // first layer
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, ws.dhid, 2 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, ws.dhid, ws.one, 0.0, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
