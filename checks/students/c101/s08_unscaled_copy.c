/*  Backward pass for the 2-layer net (retake).
 *
 *  Keep dscores unscaled in a temporary, and a scaled copy in g, because
 *  last time I forgot where I had divided by N.  Now I know: g->dz2 is
 *  the scaled one, dsc is raw.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H;
    gsl_matrix *dsc;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    dsc = gsl_matrix_alloc(N, net->C);
    if (!dsc)
        return 1;

    /* raw: prob - onehot */
    gsl_matrix_memcpy(dsc, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dsc, i, y[i], gsl_matrix_get(dsc, i, y[i]) - 1);

    /* scaled copy */
    gsl_matrix_memcpy(g->dz2, dsc);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

    /* db2 */
    for (j = 0; j < net->C; j++) {
        gsl_vector_view col = gsl_matrix_column(g->dz2, j);
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, s);
    }

    /* dp1 = dscores . W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dsc, net->W2, 0.0, g->dp1);

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0);

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < H; j++) {
        gsl_vector_view col = gsl_matrix_column(g->dz1, j);
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(dsc);
    g->present = BP_GRADS_ALL;
    return 0;
}
