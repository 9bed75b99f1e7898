// Kai & Lena -- backward for the two layer net
// B: uses dgemm for the big products, loops for the rest
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_matrix *dscores = g->dz2;
    gsl_matrix_memcpy(dscores, cache->prob);
    gsl_matrix_scale(dscores, 1.0 / N);             // average over the batch
    for (i = 0; i < N; i++) {
        // A: correct class gets -1
        double v = gsl_matrix_get(dscores, i, y[i]);
        gsl_matrix_set(dscores, i, y[i], v - 1.0);
    }

    /* dW2 = hidden^T dscores, then + 2 reg W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, g->dW2);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2 * reg * gsl_matrix_get(net->W2, i, j));

    for (j = 0; j < C; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(dscores, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dhidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double d = gsl_matrix_get(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                d = 0;
            gsl_matrix_set(g->dz1, i, j, d);
        }

    /* dW1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (i = 0; i < net->D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j)
                           + 2 * reg * gsl_matrix_get(net->W1, i, j));

    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
