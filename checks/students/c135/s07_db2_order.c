/*
 * backward.c -- hw 3
 *
 * Each stage reads/writes the workspace `ws`.  ws is calloc'd on the first
 * call and freed at the end so the next call starts clean.
 *
 * order: biases, scores, weights, hidden, relu, layer 1
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static struct {
    gsl_matrix *dout;   /* N x C */
    gsl_matrix *dhid;   /* N x H */
} ws;

/* column sums of A into v */
static void sum_rows(const gsl_matrix *A, gsl_vector *v)
{
    size_t i, j;
    for (j = 0; j < A->size2; j++) {
        double s = 0.0;
        for (i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(v, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    if (ws.dout == NULL) {
        ws.dout = gsl_matrix_calloc(N, net->C);
        ws.dhid = gsl_matrix_calloc(N, net->H);
        if (ws.dout == NULL || ws.dhid == NULL)
            return 1;
    }

    /* bias of the output layer */
    sum_rows(ws.dout, g->db2);

    /* scores */
    gsl_matrix_memcpy(ws.dout, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(ws.dout, i, y[i], gsl_matrix_get(ws.dout, i, y[i]) - 1.0);
    gsl_matrix_scale(ws.dout, 1.0 / (double) N);
    gsl_matrix_memcpy(g->dz2, ws.dout);

    /* W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, ws.dout, 2.0 * reg, g->dW2);

    /* hidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, ws.dout, net->W2, 0.0, ws.dhid);
    gsl_matrix_memcpy(g->dp1, ws.dhid);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(ws.dhid, i, j, 0);
    gsl_matrix_memcpy(g->dz1, ws.dhid);

    /* layer 1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, ws.dhid, 2.0 * reg, g->dW1);
    sum_rows(ws.dhid, g->db1);

    gsl_matrix_free(ws.dout);
    gsl_matrix_free(ws.dhid);
    ws.dout = ws.dhid = NULL;
    g->present = BP_GRADS_ALL;
    return 0;
}
