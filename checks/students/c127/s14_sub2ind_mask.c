/* backward pass
   loops go column by column (j outer, i inner) like in MATLAB, it is
   supposed to be faster for the cache.  */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (j = 0; j < C; j++)
        for (i = 0; i < N; i++)
            gsl_matrix_set(g->dz2, i, j, (gsl_matrix_get(cache->prob, i, j)
                                          - (y[i] == j)) / (double) N);

    for (j = 0; j < C; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
        for (k = 0; k < H; k++) {
            double t = 0;
            for (i = 0; i < N; i++)
                t += gsl_matrix_get(cache->p1, i, k) * gsl_matrix_get(g->dz2, i, j);
            gsl_matrix_set(g->dW2, k, j, t + 2 * reg * gsl_matrix_get(net->W2, k, j));
        }
    }

    /* dp1 = dz2 * W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 .* (z1 > 0) */
    for (j = 0; j < H; j++)
        for (i = 0; i < N; i++) {
            double zij = cache->z1->data[i + j * N];     /* z1(i,j) = z1(sub2ind) */
            gsl_matrix_set(g->dz1, i, j, zij > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    /* dW1 = X' * dz1 + 2 reg W1 ;  db1 = sum(dz1) */
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
        for (k = 0; k < D; k++) {
            double t = 0;
            for (i = 0; i < N; i++)
                t += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, t + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
