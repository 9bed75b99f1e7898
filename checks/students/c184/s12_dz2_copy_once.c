/* backward.c -- assignment 3
 *
 * To avoid allocating on every training step, the dscores buffer is
 * static and only set up when the batch changes shape.  The probs are
 * copied in when the buffer is made; after that I only work in place.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *dscores = NULL;
static gsl_matrix *dhidden = NULL;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    if (dscores == NULL || dscores->size1 != N || dscores->size2 != C) {
        if (dscores != NULL)
            gsl_matrix_free(dscores);
        dscores = gsl_matrix_alloc(N, C);
        gsl_matrix_memcpy(dscores, cache->prob);
    }
    if (dhidden == NULL || dhidden->size1 != N || dhidden->size2 != H) {
        if (dhidden != NULL)
            gsl_matrix_free(dhidden);
        dhidden = gsl_matrix_alloc(N, H);
    }

    /* dscores = (probs - y_onehot) / N */
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* dW2 = hidden^T dscores + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                   2.0 * reg, g->dW2);

    /* db2 */
    for (j = 0; j < C; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(dscores, j);
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, s);
    }

    /* dhidden = dscores W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                   dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(dhidden, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, dhidden);

    /* dW1 = X^T dhidden + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2.0 * reg,
                   g->dW1);

    /* db1 */
    for (j = 0; j < H; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(dhidden, j);
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
