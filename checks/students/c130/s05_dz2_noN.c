/* Backward pass for HW4.
 * dz2 -> dW2, db2 -> dp1 -> dz1 -> dW1, db1
 * Uses dgemm for the products, loops for the rest. */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1;
    int H = (int) net->H;
    int C = (int) net->C;
    int i, j;

    if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
        return 1;

    /* gradient of softmax loss wrt scores: probs - 1 at the true class */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double d = gsl_matrix_get(cache->prob, i, j);
            if (j == (int) y[i])
                d = d - 1.0;
            gsl_matrix_set(g->dz2, i, j, d);
        }
    }

    /* dW2 = p1.T @ dz2 + 2*reg*W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* db2 = sum of dz2 over samples */
    for (j = 0; j < C; j++) {
        double sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, sum);
    }

    /* dp1 = dz2 @ W2.T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* backprop through relu */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double d = gsl_matrix_get(g->dp1, i, j);
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                d = 0.0;
            gsl_matrix_set(g->dz1, i, j, d);
        }
    }

    /* dW1 = X.T @ dz1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < H; j++) {
        double sum = 0.0;
        for (i = 0; i < N; i++)
            sum += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
