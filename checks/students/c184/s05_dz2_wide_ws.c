/* hw3 backward pass
 * workspaces: allocated on the first call, reused after that (only
 * reallocated if the batch or the net changes size) */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *ws_scores = NULL;    /* N x C */
static gsl_matrix *ws_hidden = NULL;    /* N x H */
static size_t ws_n, ws_h, ws_c;

static void get_workspace(size_t n, size_t h, size_t c)
{
    if (ws_scores != NULL && n == ws_n && h == ws_h && c == ws_c)
        return;
    if (ws_scores != NULL) {
        gsl_matrix_free(ws_scores);
        gsl_matrix_free(ws_hidden);
    }
    ws_scores = gsl_matrix_calloc(n, h);
    ws_hidden = gsl_matrix_calloc(n, h);
    ws_n = n;
    ws_h = h;
    ws_c = c;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    double v;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    get_workspace(N, H, C);

    /* 1. dz2 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            v = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                v -= 1.0;
            gsl_matrix_set(ws_scores, i, j, v / N);
        }
    }
    /* both are N x C, copy the block in one go */
    memcpy(g->dz2->data, ws_scores->data, N * C * sizeof(double));

    /* 2. dW2, from g->dz2 from here on */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* 3. db2 */
    for (j = 0; j < C; j++) {
        v = 0.0;
        for (i = 0; i < N; i++)
            v += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, v);
    }

    /* 4. dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                   ws_hidden);
    gsl_matrix_memcpy(g->dp1, ws_hidden);

    /* 5. dz1, relu in place on the workspace */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(ws_hidden, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, ws_hidden);

    /* 6. dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                   g->dW1);

    /* 7. db1 */
    for (j = 0; j < H; j++) {
        v = 0.0;
        for (i = 0; i < N; i++)
            v += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, v);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
