/* ML assignment 4 - backward pass
 * translated from my python, gsl_blas_dgemm for dp1 from the notes */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double sum;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = probs, minus 1 at the correct class */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double v = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                v = v - 1;
            gsl_matrix_set(g->dz2, i, j, v);
        }
    }

    /* dW2 = p1^T dz2 + 2*reg*W2 */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            sum = 0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, sum + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* db2 = sum over samples */
    for (k = 0; k < C; k++) {
        sum = 0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sum);
    }

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu backward */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }

    /* dW1 = X^T dz1 + 2*reg*W1 */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            sum = 0;
            for (i = 0; i < N; i++)
                sum += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, sum + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    /* db1 */
    for (j = 0; j < H; j++) {
        sum = 0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
