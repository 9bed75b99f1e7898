/* backward.c
 * Lab 4 - backpropagation through the two layer net.
 * Uses gsl_blas for the matrix products.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int n, h, c;
    int i, j;
    double inv_n, t;

    n = (int) X->size1;
    h = (int) net->H;
    c = (int) net->C;
    if (n <= 0 || n != (int) cache->N)
        return 1;

    /* the loss is averaged, so everything in dz2 gets a 1/n */
    inv_n = 1 / n;

    /* dz2 = (softmax - onehot) / n */
    for (i = 0; i < n; i++) {
        for (j = 0; j < c; j++) {
            t = gsl_matrix_get(cache->prob, i, j);
            if (j == (int) y[i])
                t -= 1.0;
            gsl_matrix_set(g->dz2, i, j, t * inv_n);
        }
    }

    /* dW2 = p1' * dz2 + 2*reg*W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 = column sums of dz2 */
    for (j = 0; j < c; j++) {
        t = 0.0;
        for (i = 0; i < n; i++)
            t += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, t);
    }

    /* dp1 = dz2 * W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 .* (z1 > 0) */
    for (i = 0; i < n; i++) {
        for (j = 0; j < h; j++) {
            t = gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0;
            gsl_matrix_set(g->dz1, i, j, t);
        }
    }

    /* dW1 = X' * dz1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < h; j++) {
        t = 0.0;
        for (i = 0; i < n; i++)
            t += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, t);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
