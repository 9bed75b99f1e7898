/* backward.c
 *
 * Static workspaces (allocated when first needed, and whenever the batch
 * size N changes):
 *    t_dz2  N x C      t_dz1  N x H
 * The regularisation is 0.5 * reg * |W|^2 so its gradient is reg * W.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *t_dz2 = 0;
static gsl_matrix *t_dz1 = 0;

static gsl_matrix *need(gsl_matrix *m, size_t r, size_t c)
{
    if (m && m->size1 == r && m->size2 == c) return m;
    if (m) gsl_matrix_free(m);
    return gsl_matrix_alloc(r, c);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    t_dz2 = need(t_dz2, N, C);
    t_dz1 = need(t_dz1, N, H);

    /* --- dz2 --- */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(t_dz2, n, c, (gsl_matrix_get(cache->prob, n, c)
                                         - (c == y[n])) / (double) N);
    gsl_matrix_memcpy(g->dz2, t_dz2);

    /* --- dW2, db2 --- */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, h, c, 2 * reg * gsl_matrix_get(net->W2, h, c));
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, t_dz2, 1.0, g->dW2);
    for (c = 0; c < C; c++) {
        double s = 0;
        for (n = 0; n < N; n++) s += gsl_matrix_get(t_dz2, n, c);
        gsl_vector_set(g->db2, c, s);
    }

    /* --- dp1, dz1 --- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, t_dz2, net->W2, 0.0, g->dp1);
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(t_dz1, n, h, gsl_matrix_get(cache->z1, n, h) > 0
                           ? gsl_matrix_get(g->dp1, n, h) : 0);
    gsl_matrix_memcpy(g->dz1, t_dz1);

    /* --- dW1, db1 --- */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dW1, d, h, reg * gsl_matrix_get(net->W1, d, h));
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, t_dz1, 1.0, g->dW1);
    for (h = 0; h < H; h++) {
        double s = 0;
        for (n = 0; n < N; n++) s += gsl_matrix_get(t_dz1, n, h);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
