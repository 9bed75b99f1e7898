/* Salma Mohamed -- sheet 3, the backward pass.
 * dgemm for the matrix products, loops for the rest. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* db[j] = sum over samples of delta[n][j] */
static void sum_over_batch(const gsl_matrix *delta, gsl_vector *db)
{
    size_t n, j;
    gsl_vector_set_zero(db);
    for (n = 0; n < delta->size1; n++)
        for (j = 0; j < delta->size2; j++)
            gsl_vector_set(db, j, gsl_vector_get(db, j) + gsl_matrix_get(delta, n, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t n, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* delta3 */
    for (n = 0; n < N; n++) {
        for (k = 0; k < C; k++) {
            double p = gsl_matrix_get(cache->prob, n, k);
            if (k == y[n])
                p = p - 1;
            gsl_matrix_set(g->dz2, n, k, p / N);
        }
    }

    /* dW2 = a1' * delta3, then the regularization gradient.
     * derivative of reg*W^2 is reg*W */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k) + reg * gsl_matrix_get(net->W2, j, k));

    sum_over_batch(g->dz2, g->db2);

    /* hidden layer */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (n = 0; n < N; n++)
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, n, j) > 0)
                gsl_matrix_set(g->dz1, n, j, gsl_matrix_get(g->dp1, n, j));
            else
                gsl_matrix_set(g->dz1, n, j, 0);
        }

    /* dW1 = X' * delta2 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    sum_over_batch(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
