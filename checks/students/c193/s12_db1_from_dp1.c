/* backward.c -- 2-layer net
 * Work in my own temporaries, check them, then copy into g at the end
 * (so g is only touched once everything passed). */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void colsum(const gsl_matrix *m, gsl_vector *v)
{
    size_t i, j;
    gsl_vector_set_zero(v);
    for (i = 0; i < m->size1; i++)
        for (j = 0; j < m->size2; j++)
            *gsl_vector_ptr(v, j) += gsl_matrix_get(m, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;
    gsl_matrix *dscores, *dhidden, *dpre;
    gsl_vector *dbias2, *dbias1;
    int ok = 1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    dscores = gsl_matrix_alloc(N, C);
    dhidden = gsl_matrix_alloc(N, H);
    dpre = gsl_matrix_alloc(N, H);
    dbias2 = gsl_vector_alloc(C);
    dbias1 = gsl_vector_alloc(H);

    /* dscores = (probs - 1{y}) / N */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / (double) N);

    /* dhidden = dscores W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);

    /* both bias gradients */
    colsum(dscores, dbias2);
    colsum(dhidden, dbias1);

    /* through the relu */
    gsl_matrix_memcpy(dpre, dhidden);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(dpre, i, j, 0.0);

    /* weights, straight into g */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2.0 * reg, g->dW2);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dpre, 2.0 * reg, g->dW1);

    /* shape checks before copying */
    ok = ok && dscores->size1 == g->dz2->size1 && dscores->size2 == g->dz2->size2;
    ok = ok && dhidden->size1 == g->dp1->size1 && dhidden->size2 == g->dp1->size2;
    ok = ok && dpre->size1 == g->dz1->size1 && dpre->size2 == g->dz1->size2;
    ok = ok && dbias2->size == g->db2->size && dbias1->size == g->db1->size;
    ok = ok && g->dW2->size1 == H && g->dW2->size2 == C;
    ok = ok && g->dW1->size1 == D && g->dW1->size2 == H;
    if (ok) {
        gsl_matrix_memcpy(g->dz2, dscores);
        gsl_matrix_memcpy(g->dp1, dhidden);
        gsl_matrix_memcpy(g->dz1, dpre);
        gsl_vector_memcpy(g->db2, dbias2);
        gsl_vector_memcpy(g->db1, dbias1);
    } else {
        fprintf(stderr, "backward: shape mismatch\n");
    }

    gsl_matrix_free(dscores);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(dpre);
    gsl_vector_free(dbias2);
    gsl_vector_free(dbias1);
    if (!ok)
        return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
